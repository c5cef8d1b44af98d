// api.js - the one way the app talks to the server.
//
//   api.get('/projects', { stage: 'signed' })        -> parsed JSON
//   api.post('/enterprises', body)                   -> parsed JSON (null for 204)
//   api.patch('/projects/3', body, version)          -> sends If-Match: "version"
//
// Any non-2xx answer throws an ApiError carrying status, code, message, field, details
// (the server's error shape) and retryAfter (seconds, for 429).  State-changing requests
// carry X-CSRF-Token once the session has one.  A 401 calls the handler set with
// onUnauthorized (the router sends the user to the login page).

const BASE = '/api/v1'

let csrfToken = null
let unauthorizedHandler = null

export function setCsrfToken(token) { csrfToken = token || null }
export function onUnauthorized(fn) { unauthorizedHandler = fn }

export class ApiError extends Error {
  constructor(status, error = {}, retryAfter = null) {
    super(error.message || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = error.code || (status ? `http_${status}` : 'network')
    this.field = error.field || null
    this.details = Array.isArray(error.details) ? error.details : []
    this.retryAfter = retryAfter
  }
}

function queryString(query) {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

export async function request(method, path, { query, body, version, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (version != null) headers['If-Match'] = `"${version}"`
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let res
  try {
    res = await fetch(BASE + path + queryString(query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: e.message })
  }

  if (res.status === 204) return null
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (res.ok) return data

  const retry = res.headers.get('Retry-After')
  const err = new ApiError(res.status, data && data.error ? data.error : {}, retry ? Number(retry) : null)
  if (res.status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(err)
  throw err
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  patch: (path, body, version, opts) => request('PATCH', path, { ...opts, body, version }),
  del: (path, version, opts) => request('DELETE', path, { ...opts, version }),
}

// A file as the raw request body (appeal attachments): POST path?query with its own
// Content-Type; answers and errors as request() does.
export async function upload(path, file, query) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(BASE + path + queryString(query), { method: 'POST', headers, credentials: 'same-origin', body: file })
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: e.message })
  }
  const text = await res.text()
  let data = null
  try { data = text ? JSON.parse(text) : null } catch { data = null }
  if (res.ok) return data
  const err = new ApiError(res.status, data && data.error ? data.error : {})
  err.body = data // an import refused with 422 answers with its whole report
  throw err
}
