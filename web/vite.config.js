// Vite config: Vue SFCs, Element Plus components imported on demand, and a proxy
// to the Guanlan API for `npm run dev` / `npm run preview`
// (GUANLAN_API=http://127.0.0.1:PORT, default :8080).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const api = process.env.GUANLAN_API || 'http://127.0.0.1:8080'
const proxy = { '/api': { target: api, changeOrigin: false }, '/healthz': api }

export default defineConfig({
  plugins: [
    vue(),
    Components({ dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' })] }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: keep them in their own cached files;
        // ECharts is loaded only with the dashboard.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
})
