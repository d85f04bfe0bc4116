/** Where the hub's WebSocket listens, on the same origin that serves the screens. */
export const WS_PATH = '/api/ws';
