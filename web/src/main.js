import { createApp } from 'vue'
// Styles of the parts used from script (ElMessage, ElMessageBox) and of v-loading;
// components used in templates bring their own CSS (unplugin-vue-components).
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import { ElLoading } from 'element-plus'
import App from './App.vue'
import { router } from './router.js'
import { t } from './i18n.js'
import './style.css'

const app = createApp(App)
app.config.globalProperties.$t = t
app.use(router).use(ElLoading).mount('#app')
