/**
 * Network namespaces for the multi-host tests (test/multihost/, test/e2e/12-office-lan.spec.ts, the
 * workstation bench): a bridge in a namespace of its own and one namespace per host, each joined to
 * the bridge by a veth pair, addresses <subnet>.x/24 inside them (10.77.0 unless told). Nothing is
 * added to the namespace the test runs in, and no traffic can leave the test's namespaces (they have
 * no route but their own /24). Names are unique per run; `remove()` deletes every namespace (their
 * interfaces go with them) and is safe to call after a half-made setup.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Why namespaces cannot be made here, or null when they can (tried for real: a namespace made and deleted). */
export function namespacesRefused(): string | null {
  const probe = `dyprobe${randomBytes(3).toString('hex')}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return null;
  } catch (err) {
    return `network namespaces refused by this kernel or user: ${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}`;
  }
}

export interface Lan {
  /** the namespace of each host, by the name given */
  ns: Record<string, string>;
  /** the address of each host */
  address: Record<string, string>;
  /** the host's own end of its veth pair (inside its namespace) */
  link: Record<string, string>;
  /**
   * runs a process inside a host's namespace; `detached`: in a process group of its own, so
   * `killGroup` ends it with everything it started
   */
  spawnIn(host: string, command: string, args: string[], options?: { env?: NodeJS.ProcessEnv; detached?: boolean }): ChildProcess;
  /** `ip link set <host's link> up|down`, inside its namespace */
  setLink(host: string, state: 'up' | 'down'): void;
  remove(): void;
}

export function makeLan(hosts: readonly string[], options: { subnet?: string } = {}): Lan {
  const subnet = options.subnet ?? '10.77.0';
  const tag = randomBytes(3).toString('hex');
  const made: string[] = [];
  const bridgeNs = `dy${tag}br`;
  const lan: Lan = {
    ns: {},
    address: {},
    link: {},
    spawnIn(host, command, args, options) {
      return spawn('ip', ['netns', 'exec', lan.ns[host]!, command, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: options?.env ?? process.env, detached: options?.detached ?? false });
    },
    setLink(host, state) {
      ip('-n', lan.ns[host]!, 'link', 'set', lan.link[host]!, state);
    },
    remove() {
      for (const ns of made.splice(0).reverse()) {
        try {
          ip('netns', 'del', ns);
        } catch {
          // already gone
        }
      }
    },
  };
  try {
    ip('netns', 'add', bridgeNs);
    made.push(bridgeNs);
    ip('-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', bridgeNs, 'link', 'set', 'br0', 'up');
    hosts.forEach((host, i) => {
      const ns = `dy${tag}h${i}`;
      ip('netns', 'add', ns);
      made.push(ns);
      const inner = `v${tag}h${i}`;
      const outer = `v${tag}b${i}`;
      // made inside the bridge's namespace, one end moved into the host's
      ip('-n', bridgeNs, 'link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('-n', bridgeNs, 'link', 'set', inner, 'netns', ns);
      ip('-n', bridgeNs, 'link', 'set', outer, 'master', 'br0');
      ip('-n', bridgeNs, 'link', 'set', outer, 'up');
      const address = `${subnet}.${i + 1}`;
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', inner);
      ip('-n', ns, 'link', 'set', inner, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      lan.ns[host] = ns;
      lan.address[host] = address;
      lan.link[host] = inner;
    });
  } catch (err) {
    lan.remove();
    throw err;
  }
  return lan;
}

/** SIGKILL to the process group of a child started with `detached` (it and what it started); gone already is fine. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
}
