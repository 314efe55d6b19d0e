import { run } from './github/main-step.js'

void run()
