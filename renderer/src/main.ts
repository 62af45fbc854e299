import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createApi } from '../../shared/client'
import App from './App.vue'
import { ApiKey } from './api/inject'
import { createHttpTransport, createIpcTransport, takeToken } from './api/transports'
import { reportUnhandledErrors } from './lib/report-errors'

const transport = window.xgw ? createIpcTransport(window.xgw) : createHttpTransport(takeToken(window.location, window.history, window.sessionStorage))

const app = createApp(App)
const api = createApi(transport)
reportUnhandledErrors(app, window, api)
app.provide(ApiKey, api)
app.use(createPinia())
app.mount('#app')
