// npm itself, run in the project: no command warns about the project's configuration, and
// onnxruntime-node's install script (which would fetch CUDA binaries from outside the npm registry on
// Linux x64, and fails where only the registry is reachable) is still skipped (issue 26, case 16).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const npm = (...args: string[]) => spawnSync('npm', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: '', npm_config_onnxruntime_node_install: '' } });
const npmMajor = Number(npm('--version').stdout.split('.')[0]);

describe('npm in this project', () => {
  it('warns about no configuration key it does not know', () => {
    const r = npm('prefix');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/Unknown (project|user|global) config/);
  });

  // allowScripts (package.json) is npm 11's; npm 10 needs ONNXRUNTIME_NODE_INSTALL=skip (README).
  it.runIf(npmMajor >= 11)("skips onnxruntime-node's install script: nothing fetched from outside the registry", () => {
    const r = npm('rebuild', 'onnxruntime-node', '--foreground-scripts');
    // Run, the script would have tried NuGet: a failure here, CUDA libraries where there is a network.
    expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0, stderr: expect.not.stringMatching(/nuget|Downloading/i) });
    expect(existsSync(join(root, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'))).toBe(false);
  });
});
