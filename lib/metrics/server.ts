import { createServer, type Server } from 'node:http';
import { metricsAnswer } from './endpoint';

/**
 * A worker's metrics on a port of its own (a worker serves no HTTP otherwise): GET /metrics, the
 * same token and answers as the web's /api/metrics.
 */
export function startMetricsServer(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/metrics') {
      response.writeHead(404).end('Not found');
      return;
    }
    metricsAnswer(request.headers.authorization ?? null).then(
      ({ status, body, contentType }) => response.writeHead(status, { 'content-type': contentType }).end(body),
      (error: unknown) => {
        console.error(`[metrics] scrape failed: ${String(error)}`);
        response.writeHead(500).end('metrics failed');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
