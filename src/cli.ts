#!/usr/bin/env node
import { main } from './cli/commands.js'

void main()
