import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/discover.js';

let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'corsguard-discover-')));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function touch(rel: string, content = 'a: 1\n'): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const options = (extra: Partial<Parameters<typeof discoverFiles>[1]> = {}) => ({ cwd: root, ignorePatterns: [], gitignore: true, ...extra });

describe('discoverFiles', () => {
  it('walks directories for YAML, JSON, TOML, CloudFormation .template, Terraform state and _headers files in tree order', async () => {
    touch('b/api.yml');
    touch('a/z.json');
    touch('a/sub/x.yaml');
    touch('stack.template');
    touch('traefik/dynamic.toml', '[http]\n');
    touch('site/public/_headers', '/*\n  X-Frame-Options: DENY\n');
    touch('infra/terraform.tfstate', '{}');
    touch('README.md');
    touch('script.js');
    touch('node_modules/x/config.yaml');
    touch('.git/config.json');
    touch('.aws-sam/build/template.yaml');
    touch('.serverless/cloudformation-template-update-stack.json');
    const { files, unmatched } = discoverFiles(['.'], options());
    expect(files).toEqual(
      ['a/sub/x.yaml', 'a/z.json', 'b/api.yml', 'infra/terraform.tfstate', 'site/public/_headers', 'stack.template', 'traefik/dynamic.toml'].map((rel) => join(root, rel)),
    );
    expect(unmatched).toEqual([]);
    // A build directory named on the command line is linted.
    expect(discoverFiles(['.aws-sam'], options()).files).toEqual([join(root, '.aws-sam/build/template.yaml')]);
  });

  it("skips package managers' lockfiles, walked, globbed or named", async () => {
    touch('package-lock.json', '{"lockfileVersion": 3}');
    touch('web/npm-shrinkwrap.json', '{}');
    touch('web/pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    touch('dotnet/packages.lock.json', '{}');
    touch('app/yarn.lock', '# yarn lockfile v1\n');
    touch('app/composer.lock', '{}');
    touch('app/gradle.lockfile', 'empty=\n');
    const config = touch('web/package.json', '{}');
    const skipped: string[] = [];
    const debug = (message: string) => skipped.push(message);
    expect(discoverFiles(['.'], options({ debug })).files).toEqual([config]);
    expect(discoverFiles(['**/*.json', '**/*.yaml'], options()).files).toEqual([config]);
    expect(discoverFiles(['app/yarn.lock', 'app/composer.lock', 'web/pnpm-lock.yaml', 'web/package.json'], options()).files).toEqual([config]);
    expect(skipped).toEqual(
      ['package-lock.json', 'dotnet/packages.lock.json', 'web/npm-shrinkwrap.json', 'web/pnpm-lock.yaml'].map((rel) => `${join(root, rel)}: skipped, a package manager's lockfile`),
    );
  });

  it('walks into .properties files, Spring Cloud Config repositories named by application and profile included', async () => {
    touch('gateway/src/main/resources/application.properties', 'server.port=8080\n');
    touch('gateway/src/main/resources/application-prod.properties', 'server.port=80\n');
    touch('gateway/src/main/resources/bootstrap.properties', 'spring.application.name=edge\n');
    touch('config-repo/gateway-prod.properties', 'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins=*\n');
    const { files } = discoverFiles(['.'], options());
    expect(files).toEqual([
      join(root, 'config-repo/gateway-prod.properties'),
      ...['application-prod.properties', 'application.properties', 'bootstrap.properties'].map((name) => join(root, 'gateway/src/main/resources', name)),
    ]);
  });

  it('takes explicit files whatever their name, once each, and reports paths that name nothing', async () => {
    const named = touch('config/settings');
    const yaml = touch('a.yaml');
    const { files, unmatched } = discoverFiles(['config/settings', 'a.yaml', '.', 'missing.yaml'], options());
    expect(files).toEqual([named, yaml]);
    expect(unmatched).toEqual(['missing.yaml']);
  });

  it('expands globs, and reports a glob that matches nothing', async () => {
    touch('cdk.out/Api.template.json');
    touch('cdk.out/manifest.json');
    touch('cdk.out/asset/x.template.json');
    const { files, unmatched } = discoverFiles(['cdk.out/*.template.json', 'nothing/*.yaml'], options());
    expect(files).toEqual([join(root, 'cdk.out/Api.template.json')]);
    expect(unmatched).toEqual(['nothing/*.yaml']);
  });

  it('tells a glob or directory whose every file is ignored from one that matches nothing', async () => {
    touch('svc/.gitignore', 'local.yaml\n');
    touch('svc/local.yaml');
    touch('legacy/old.yaml');
    touch('infra/api.yaml');
    const ignorePatterns = [{ pattern: 'legacy', base: root }];
    const args = ['svc/*.yaml', '**/old.yaml', 'legacy/*.yaml', 'legacy', 'infra/*.yaml', 'infra/*.json'];
    expect(discoverFiles(args, options({ ignorePatterns }))).toEqual({
      files: [join(root, 'infra/api.yaml')],
      unmatched: ['infra/*.json'],
      allIgnored: ['svc/*.yaml', '**/old.yaml', 'legacy/*.yaml', 'legacy'],
    });
  });

  it('skips a named file inside an ignored directory, as .gitignore reads a directory pattern', async () => {
    const kept = touch('deploy/current/ingress.yaml');
    touch('deploy/legacy/v1/ingress.yaml');
    for (const pattern of ['legacy', 'legacy/', 'deploy/legacy', '/deploy/legacy/']) {
      const ignorePatterns = [{ pattern, base: root }];
      expect(discoverFiles(['deploy/legacy/v1/ingress.yaml', kept], options({ ignorePatterns })).files).toEqual([kept]);
    }
    // Relative to its own base: the config file's directory, here deploy/.
    const fromConfig = [{ pattern: 'legacy', base: join(root, 'deploy') }];
    expect(discoverFiles(['deploy/legacy/v1/ingress.yaml', kept], options({ ignorePatterns: fromConfig })).files).toEqual([kept]);
    const elsewhere = [{ pattern: 'legacy', base: join(root, 'other') }];
    expect(discoverFiles(['deploy/legacy/v1/ingress.yaml'], options({ ignorePatterns: elsewhere })).files).toEqual([
      join(root, 'deploy/legacy/v1/ingress.yaml'),
    ]);
  });

  it('lets a later "!" ignore pattern re-include what an earlier one ignores, as ESLint does', async () => {
    const keep = touch('legacy/keep.yaml');
    touch('legacy/old/x.yaml');
    const api = touch('infra/api.yaml');
    touch('infra/local.yaml');
    const ignorePatterns = ['legacy/**', '!legacy/keep.yaml', 'infra/*.yaml', '!api.yaml'].map((pattern) => ({ pattern, base: root }));
    expect(discoverFiles(['.'], options({ ignorePatterns })).files).toEqual([api, keep]);
    expect(discoverFiles(['legacy/keep.yaml', 'legacy/old/x.yaml', 'infra/local.yaml'], options({ ignorePatterns })).files).toEqual([keep]);
    // A negation alone re-includes nothing and ignores nothing (it used to ignore every other path).
    const alone = [{ pattern: '!legacy/keep.yaml', base: root }];
    expect(discoverFiles(['.'], options({ ignorePatterns: alone })).files).toHaveLength(4);
    // Later patterns win: ignoring again after the negation.
    const again = ['legacy/**', '!legacy/keep.yaml', 'legacy'].map((pattern) => ({ pattern, base: root }));
    expect(discoverFiles(['legacy'], options({ ignorePatterns: again })).files).toEqual([]);
  });

  it("lets a nested .gitignore re-include what a parent's excludes, as git does", async () => {
    touch('.gitignore', '*.generated.yaml\n');
    touch('sub/.gitignore', '!keep.generated.yaml\n');
    const keep = touch('sub/keep.generated.yaml');
    touch('sub/drop.generated.yaml');
    touch('keep.generated.yaml');
    touch('other/.gitignore', '*.yaml\n!*.yaml\nlast.yaml\n');
    const other = touch('other/x.yaml');
    touch('other/last.yaml');
    expect(discoverFiles(['.'], options()).files).toEqual([other, keep]);
  });

  it('honours nested .gitignore files and ignore patterns relative to their base', async () => {
    touch('.gitignore', 'dist/\n*.generated.yaml\n');
    touch('svc/.gitignore', 'local.yaml\n');
    touch('dist/a.yaml');
    touch('svc/local.yaml');
    touch('svc/api.generated.yaml');
    touch('svc/api.yaml');
    touch('other/local.yaml');
    touch('vendor/x.yaml');
    const found = discoverFiles(['.'], options({ ignorePatterns: [{ pattern: 'vendor', base: root }] }));
    expect(found.files).toEqual([join(root, 'other/local.yaml'), join(root, 'svc/api.yaml')]);
    const unfiltered = discoverFiles(['.'], options({ gitignore: false }));
    expect(unfiltered.files).toHaveLength(6);
  });

  it('skips an explicit file that matches an ignore pattern', async () => {
    touch('legacy/a.yaml');
    const messages: string[] = [];
    const found = discoverFiles(['legacy/a.yaml'], options({ ignorePatterns: [{ pattern: 'legacy/**', base: root }], debug: (m) => messages.push(m) }));
    expect(found.files).toEqual([]);
    expect(messages).toEqual([`${join(root, 'legacy/a.yaml')}: skipped, matches an ignore pattern`]);
  });

  it('terminates on symlink loops and walks each directory once', async () => {
    touch('a/config.yaml');
    symlinkSync(join(root, 'a'), join(root, 'a/loop'));
    symlinkSync(root, join(root, 'a/up'));
    symlinkSync(join(root, 'a'), join(root, 'alias'));
    const { files } = discoverFiles(['.'], options());
    expect(files).toEqual([join(root, 'a/config.yaml')]);
  });

  it('never follows a symlink out of the roots being linted', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'corsguard-outside-')));
    try {
      writeFileSync(join(outside, 'secret.yaml'), 'a: 1\n');
      touch('repo/inside.yaml');
      symlinkSync(outside, join(root, 'repo/link-dir'));
      symlinkSync(join(outside, 'secret.yaml'), join(root, 'repo/link.yaml'));
      symlinkSync(join(root, 'repo/inside.yaml'), join(root, 'repo/same.yaml'));
      symlinkSync(join(root, 'repo/nowhere.yaml'), join(root, 'repo/broken.yaml'));
      const messages: string[] = [];
      const { files } = discoverFiles(['repo'], options({ debug: (m) => messages.push(m) }));
      expect(files).toEqual([join(root, 'repo/inside.yaml'), join(root, 'repo/same.yaml')]);
      expect(messages.filter((m) => m.includes('outside'))).toHaveLength(2);
      expect(messages).toContain(`${join(root, 'repo/broken.yaml')}: skipped, broken symbolic link`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
