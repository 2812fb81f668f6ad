import { describe, expect, it } from 'vitest';
import { rawHeaderFiles } from '../../src/adapters/raw-headers.js';
import { summary } from './cloud-summary.js';
import { findingsOf } from './gateway-findings.js';
import { detects, policiesOf } from './helpers.js';

/** An App Engine standard config whose first handler serves `static/` with the given `http_headers` lines. */
function appYaml(headers: string, top = 'runtime: python312\n'): string {
  return `${top}handlers:\n- url: /static\n  static_dir: static\n  http_headers:\n${headers}- url: /.*\n  script: auto\n`;
}

describe('raw-headers adapter on App Engine app.yaml', () => {
  it('reads each static handler as one policy with unknown preflight handling, named by its url', () => {
    const config = `runtime: go122
handlers:
- url: /fonts
  static_dir: fonts
  http_headers:
    Access-Control-Allow-Origin: https://app.example.com
    Vary: Origin
- url: /(.*\\.json)$
  static_files: data/\\1
  upload: data/.*\\.json$
  http_headers:
    Access-Control-Allow-Origin: '*'
    Access-Control-Max-Age: 600
- url: /.*
  script: auto
`;
    expect(policiesOf(rawHeaderFiles, 'app.yaml', config).map(summary)).toEqual([
      {
        source: 'app.yaml handlers[0] /fonts',
        loc: '3:3',
        origins: ['send https://app.example.com @6:34'],
        credentials: 'false @3:3',
        vary: 'true @7:11',
        preflight: 'unknown @3:3',
      },
      {
        source: 'app.yaml handlers[1] /(.*\\.json)$',
        loc: '8:3',
        origins: ['any @12:34'],
        credentials: 'false @8:3',
        maxAge: '600 ("600") @13:29',
        vary: 'false @8:3',
        preflight: 'unknown @8:3',
      },
    ]);
  });

  it('reports the literal header values at the value that is wrong', () => {
    const config = appYaml(
      "    Access-Control-Allow-Origin: '*'\n    Access-Control-Allow-Credentials: 'true'\n",
    );
    expect(findingsOf('app.yaml', config)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 34]]);
    expect(findingsOf('app.yaml', appYaml('    Access-Control-Allow-Origin: https://a.example.com, https://b.example.com\n'))).toEqual([
      ['valid-origin', 'severalOrigins', 6, 34],
    ]);
    expect(findingsOf('app.yaml', appYaml("    Access-Control-Allow-Origin: '.*'\n"))).toEqual([['valid-origin', 'literalWildcard', 6, 34]]);
    expect(findingsOf('app.yaml', appYaml("    access-control-allow-origin: 'null'\n"))).toEqual([['no-null-origin', 'nullOrigin', 6, 34]]);
  });

  it('stays silent on what App Engine sends safely or in a way it does not document', () => {
    // `*` alone, and one fixed origin: every caller gets the same answer.
    expect(findingsOf('app.yaml', appYaml("    Access-Control-Allow-Origin: '*'\n    Cache-Control: public, max-age=600\n"))).toEqual([]);
    expect(findingsOf('app.yaml', appYaml('    Access-Control-Allow-Origin: https://app.example.com\n'))).toEqual([]);
    // A YAML boolean is loaded as a Python bool, whose text App Engine does not document.
    const unquoted = appYaml("    Access-Control-Allow-Origin: '*'\n    Access-Control-Allow-Credentials: true\n");
    expect(summary(policiesOf(rawHeaderFiles, 'app.yaml', unquoted)[0]!).credentials).toBe('unknown @7:39');
    expect(findingsOf('app.yaml', unquoted)).toEqual([]);
    // Two casings of one name: one of the values is sent, so only a value both agree on is known.
    const twice = (second: string): string => appYaml(`    Access-Control-Allow-Origin: https://a.example.com/\n    access-control-allow-origin: ${second}\n`);
    expect(findingsOf('app.yaml', twice('https://b.example.com'))).toEqual([]);
    expect(findingsOf('app.yaml', twice('https://a.example.com/'))).toEqual([['valid-origin', 'trailingSlash', 6, 34]]);
  });

  it('reads only static handlers: a script handler with http_headers does not deploy', () => {
    const script = "runtime: python312\nhandlers:\n- url: /api/.*\n  script: auto\n  http_headers:\n    Access-Control-Allow-Origin: '*'\n    Access-Control-Allow-Credentials: 'true'\n";
    expect(detects(rawHeaderFiles, 'app.yaml', script)).toBe(false);
    const mixed = `${script}- url: /static\n  static_dir: static\n  http_headers:\n    Access-Control-Allow-Origin: https://app.example.com/\n`;
    expect(findingsOf('app.yaml', mixed)).toEqual([['valid-origin', 'trailingSlash', 11, 34]]);
  });

  it('recognises app.yaml, app.yml and a service file with runtime, and leaves other app.yaml files alone', () => {
    const config = appYaml('    Access-Control-Allow-Origin: https://app.example.com/\n', 'service: api\nruntime: nodejs22\n');
    expect(detects(rawHeaderFiles, 'app.yaml', config)).toBe(true);
    expect(detects(rawHeaderFiles, 'deploy/app.yml', config)).toBe(true);
    expect(findingsOf('api.yaml', config)).toEqual([['valid-origin', 'trailingSlash', 7, 34]]);
    expect(policiesOf(rawHeaderFiles, 'api.yaml', config)[0]?.source).toBe('api.yaml handlers[0] /static');
    // Without `runtime` only the file name says App Engine.
    const noRuntime = appYaml('    Access-Control-Allow-Origin: https://app.example.com/\n', '');
    expect(detects(rawHeaderFiles, 'app.yaml', noRuntime)).toBe(true);
    expect(detects(rawHeaderFiles, 'static.yaml', noRuntime)).toBe(false);
    // Databricks Apps, DigitalOcean App Platform: no `handlers`.
    expect(detects(rawHeaderFiles, 'app.yaml', 'command: ["streamlit", "run", "app.py"]\nenv:\n  - name: "A"\n    value: "b"\n')).toBe(false);
    expect(detects(rawHeaderFiles, 'app.yaml', 'name: web\nstatic_sites:\n  - name: site\n    cors:\n      allow_origins:\n        - exact: https://a.example.com\n')).toBe(false);
    // Handlers without http_headers set no header.
    expect(detects(rawHeaderFiles, 'app.yaml', 'runtime: python312\nhandlers:\n- url: /static\n  static_dir: static\n')).toBe(false);
  });

  it('leaves the flexible environment and Managed VMs alone, whose app serves its own static files', () => {
    const headers = "    Access-Control-Allow-Origin: '*'\n    Access-Control-Allow-Credentials: 'true'\n";
    expect(detects(rawHeaderFiles, 'app.yaml', appYaml(headers, 'runtime: python\nenv: flex\n'))).toBe(false);
    expect(detects(rawHeaderFiles, 'app.yaml', appYaml(headers, 'runtime: go\nvm: true\n'))).toBe(false);
    expect(findingsOf('app.yaml', appYaml(headers, 'runtime: python312\nenv: standard\n'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 34],
    ]);
  });
});
