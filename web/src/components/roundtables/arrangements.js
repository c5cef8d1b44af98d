// arrangements.js - who may close an arrangement (具体安排) from the web app.  The server
// decides for real (PATCH /arrangements/{id}); this only keeps buttons off the page that
// would be refused: admins and officers mark any open arrangement done or cancel it, a
// handler only marks its own units' ones done (any other member of the PATCH is a 403).
import { session, hasRole } from '../../auth.js'

export function canMarkDone(x) {
  if (!x || x.status !== 'open') return false
  if (hasRole('admin', 'officer')) return true
  return hasRole('handler') && (session.user.unit_ids || []).includes(x.unit_id)
}

export function canCancel(x) {
  return !!x && x.status === 'open' && hasRole('admin', 'officer')
}
