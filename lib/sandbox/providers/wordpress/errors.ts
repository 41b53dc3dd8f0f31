import { json, type ProviderResponse } from '../../http';

/** WordPress REST errors: `{code, message, data: {status, ...}}`. */
export function wpError(status: number, code: string, message: string, data: Record<string, unknown> = {}): ProviderResponse {
  return json(status, { code, message, data: { status, ...data } });
}

/** `rest_invalid_param` with one message per bad parameter, as WP_REST_Request::sanitize_params builds it. */
export function invalidParams(params: Record<string, string>, code = 'rest_invalid_type'): ProviderResponse {
  const details = Object.fromEntries(Object.entries(params).map(([key, message]) => [key, { code, message, data: null }]));
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, { params, details });
}

export const noRoute = () => wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
