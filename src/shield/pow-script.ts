/**
 * The page's solver, plain ES5 so that old browsers pass too. SHA-256 is written out rather than
 * taken from crypto.subtle: subtle exists only in secure contexts (not on plain http), and for a
 * short input a synchronous hash is faster than a promise per try. Work is done in slices so the
 * page stays responsive and the status is read out.
 */
export const SHA256_JS = `function vigieSha256(s){var K=[0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
var l=s.length,n=((l+8)>>6)+1,m=new Array(n*16),i,j,t;for(i=0;i<m.length;i++)m[i]=0;
for(i=0;i<l;i++)m[i>>2]|=(s.charCodeAt(i)&255)<<(24-(i&3)*8);m[i>>2]|=0x80<<(24-(i&3)*8);m[n*16-1]=l*8;
var H=[0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19],w=new Array(64);
for(j=0;j<m.length;j+=16){var a=H[0],b=H[1],c=H[2],d=H[3],e=H[4],f=H[5],g=H[6],h=H[7];
for(t=0;t<64;t++){if(t<16)w[t]=m[j+t];else{var x=w[t-15],y=w[t-2];w[t]=(((x>>>7|x<<25)^(x>>>18|x<<14)^(x>>>3))+w[t-7]+((y>>>17|y<<15)^(y>>>19|y<<13)^(y>>>10))+w[t-16])|0;}
var t1=(h+((e>>>6|e<<26)^(e>>>11|e<<21)^(e>>>25|e<<7))+((e&f)^(~e&g))+K[t]+w[t])|0,t2=(((a>>>2|a<<30)^(a>>>13|a<<19)^(a>>>22|a<<10))+((a&b)^(a&c)^(b&c)))|0;
h=g;g=f;f=e;e=(d+t1)|0;d=c;c=b;b=a;a=(t1+t2)|0;}
H[0]=(H[0]+a)|0;H[1]=(H[1]+b)|0;H[2]=(H[2]+c)|0;H[3]=(H[3]+d)|0;H[4]=(H[4]+e)|0;H[5]=(H[5]+f)|0;H[6]=(H[6]+g)|0;H[7]=(H[7]+h)|0;}
return H;}
function vigieZeros(H){var z=0;for(var i=0;i<8;i++){if(H[i]===0){z+=32;continue;}return z+Math.clz32(H[i]);}return z;}`;

export const SOLVER_JS = `(function(){var f=document.getElementById('vigie-pow');if(!f)return;var st=document.getElementById('vigie-status');
var tok=f.elements.token.value,bits=+f.getAttribute('data-bits'),n=0;
if(st)st.textContent=f.getAttribute('data-working');
function step(){var end=n+20000;for(;n<end;n++){if(vigieZeros(vigieSha256(tok+n.toString(36)))>=bits){f.elements.nonce.value=n.toString(36);if(st)st.textContent=f.getAttribute('data-done');f.submit();return;}}setTimeout(step,0);}
setTimeout(step,0);})();`;
