import { run } from './github/post.js'

void run()
