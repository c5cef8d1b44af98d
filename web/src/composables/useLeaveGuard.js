// Ask before leaving a form with unsaved input (in-app navigation and closing the tab).
import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { t } from '../i18n.js'

export function useLeaveGuard(isDirty) {
  let leaving = false
  const beforeUnload = (e) => { if (!leaving && isDirty()) { e.preventDefault(); e.returnValue = '' } }
  onMounted(() => window.addEventListener('beforeunload', beforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload))
  onBeforeRouteLeave(async () => {
    if (leaving || !isDirty()) return true
    try {
      await ElMessageBox.confirm(t('form.leaveConfirm'), t('common.confirm'),
        { type: 'warning', confirmButtonText: t('form.leave'), cancelButtonText: t('form.stay') })
      return true
    } catch {
      return false
    }
  })
  return { allowLeave() { leaving = true } }
}
