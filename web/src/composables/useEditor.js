// useEditor - create or edit one record through the API without ever losing the user's input.
//
//   const ed = useEditor({
//     path: '/enterprises',            // collection
//     id: () => route.params.id,       // null when creating
//     empty: () => ({ name: '', ... }),// a new record in form shape
//     toForm: (record) => ({...}),     // record -> form shape (same keys as empty())
//     toBody: (form) => ({...}),       // form (or part of it) -> API members
//   })
//   ed.form      what the user edits            ed.errors  { field: message } from a 422
//   ed.error     any other failure (ApiError)   ed.conflict { diffs: [{ field, theirs, auto }] } after a 409
//   ed.load()  ed.save() -> saved record or null   ed.reloadLatest()   ed.takeTheirs(field)
//   ed.setRecord(r)  edit a record already at hand   (option fetch(id) replaces GET path/id)
import { reactive } from 'vue'
import { api } from '../api.js'
import { problemText, errorText } from '../i18n.js'

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

export function useEditor({ path, id, empty, toForm, toBody, fetch }) {
  const ed = reactive({
    form: empty(), base: empty(), version: null,
    loading: false, loadError: null, saving: false,
    errors: {}, error: null, conflict: null, stale: false,
  })

  async function fetchRecord() {
    return fetch ? fetch(id()) : api.get(`${path}/${id()}`)
  }

  // Start editing a record the caller already has (or a new one when r is null).
  function setRecord(r) {
    ed.base = r ? toForm(r) : empty()
    ed.form = clone(ed.base)
    ed.version = r ? r.version : null
    ed.errors = {}
    ed.error = null
    ed.conflict = null
    ed.stale = false
  }

  async function load() {
    if (!id()) { ed.form = empty(); ed.base = empty(); return }
    ed.loading = true
    ed.loadError = null
    try {
      const r = await fetchRecord()
      ed.base = toForm(r)
      ed.form = clone(ed.base)
      ed.version = r.version
    } catch (e) {
      ed.loadError = e
    } finally {
      ed.loading = false
    }
  }

  // Members the user changed (edit) or filled in (create).
  function changes() {
    const out = {}
    for (const k of Object.keys(ed.form)) if (!id() || !same(ed.form[k], ed.base[k])) out[k] = ed.form[k]
    return out
  }

  function isDirty() { return Object.keys(changes()).length > 0 }

  async function save() {
    ed.errors = {}
    ed.error = null
    ed.saving = true
    try {
      const body = toBody(changes())
      for (const k of Object.keys(body)) if (body[k] === undefined) body[k] = null // a cleared select
      const r = id()
        ? await api.patch(`${path}/${id()}`, body, ed.version)
        : await api.post(path, body)
      ed.base = toForm(r)
      ed.form = clone(ed.base)
      ed.version = r.version
      ed.conflict = null
      ed.stale = false
      return r
    } catch (e) {
      if (e.status === 422 && e.details.length) {
        const unmatched = []
        for (const d of e.details) {
          const key = d.field.split(/[[.]/)[0]
          if (key in ed.form) ed.errors[d.field] = (ed.errors[d.field] ? ed.errors[d.field] + '；' : '') + problemText(d)
          else unmatched.push(d)
        }
        if (unmatched.length) { e.details = unmatched; ed.error = e }
      } else if (e.status === 409 && e.code === 'version_conflict') {
        ed.stale = true
        ed.conflict = { diffs: null }
      } else if (e.status === 409 && e.code === 'duplicate' && e.field && e.field in ed.form) {
        ed.errors[e.field] = errorText(e)
      } else {
        ed.error = e
      }
      return null
    } finally {
      ed.saving = false
    }
  }

  // After a 409: fetch the record as it is now and edit on top of the new version.  Fields
  // only the other person changed take their value; fields both changed keep the user's
  // input and are listed so the user can compare (and take theirs, field by field).
  async function reloadLatest() {
    ed.error = null
    try {
      const r = await fetchRecord()
      const latest = toForm(r)
      const diffs = []
      for (const k of Object.keys(latest)) {
        if (same(latest[k], ed.base[k])) continue
        const untouched = same(ed.form[k], ed.base[k])
        if (untouched) ed.form[k] = clone(latest[k])
        diffs.push({ field: k, theirs: latest[k], auto: untouched })
      }
      ed.base = latest
      ed.version = r.version
      ed.stale = false
      ed.conflict = { diffs, version: r.version, updatedAt: r.updated_at }
    } catch (e) {
      ed.error = e
    }
  }

  function takeTheirs(field) {
    const d = ed.conflict?.diffs?.find((x) => x.field === field)
    if (d) ed.form[field] = clone(d.theirs)
  }

  return Object.assign(ed, { load, save, reloadLatest, takeTheirs, isDirty, changes, setRecord })
}
