// Loaded with `node --import` before a README block runs: a block that would reach past loopback (a real
// network, because it forgot `baseUrl`) gets its socket destroyed with an error instead, and the attempt is
// said on stderr, so the check fails loudly and nothing leaves the machine.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const host =
    typeof options === 'object' && options !== null
      ? options.path
        ? 'localhost'
        : (options.host ?? 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (LOOPBACK.has(host)) return connect.apply(this, args);
  process.stderr.write(`readme-check: blocked a connection to ${host} (only loopback is allowed)\n`);
  process.nextTick(() => this.destroy(new Error(`readme-check: ${host} is not loopback`)));
  return this;
};
