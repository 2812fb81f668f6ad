/**
 * The registrable domain ("eTLD+1") of a host, approximated without the full Public Suffix List:
 * the last two labels, or three when the last two form a well-known public suffix. That list holds
 * common second-level country suffixes (`co.uk`) and shared-hosting suffixes where anyone can get a
 * subdomain (`github.io`, `vercel.app`), because a pattern that trusts every `*.vercel.app` trusts
 * every Vercel customer. A suffix missing from the list makes the domain look broader than it is,
 * which hides findings rather than inventing them.
 */
const MULTI_LABEL_PUBLIC_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk', 'ltd.uk', 'plc.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au',
  'co.nz', 'org.nz', 'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'co.kr', 'or.kr',
  'com.br', 'com.cn', 'net.cn', 'org.cn', 'com.hk', 'com.sg', 'com.tw', 'com.mx', 'com.ar', 'com.tr',
  'co.in', 'net.in', 'org.in', 'co.za', 'co.il', 'com.ua', 'com.pl',
  'github.io', 'gitlab.io', 'herokuapp.com', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev',
  'web.app', 'firebaseapp.com', 'appspot.com', 'azurewebsites.net', 'azurestaticapps.net', 'cloudfront.net',
  'amplifyapp.com', 'onrender.com', 'fly.dev', 'glitch.me', 'ngrok.io', 'ngrok-free.app', 'blogspot.com',
  'surge.sh', 'now.sh', 'repl.co', 'trycloudflare.com',
  // Development and preview hosts (GitHub Codespaces' older domain, CodeSandbox, Deno Deploy, ngrok,
  // localtunnel, Cloudflare R2 public buckets), which configs allow while a feature is being built.
  'githubpreview.dev', 'csb.app', 'deno.dev', 'ngrok.app', 'ngrok.dev', 'loca.lt', 'r2.dev',
  // Suffixes of three labels (GitHub Codespaces, Railway).
  'app.github.dev', 'up.railway.app',
]);

/** How many trailing labels of `labels` form its public suffix. */
function publicSuffixLength(labels: readonly string[]): number {
  for (const length of [3, 2]) {
    if (labels.length >= length && MULTI_LABEL_PUBLIC_SUFFIXES.has(labels.slice(-length).join('.'))) return length;
  }
  return 1;
}

/** The registrable domain of a dotted name, or `undefined` when the name is itself a public suffix. */
export function registrableDomain(labels: readonly string[]): string | undefined {
  const suffixLength = publicSuffixLength(labels);
  if (labels.length <= suffixLength) return undefined;
  return labels.slice(-(suffixLength + 1)).join('.');
}
