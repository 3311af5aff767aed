import { generateJourneys } from '../lib/gen-journeys.mjs';
const r = generateJourneys('/tmp/jb/gen', { count: 100 });
console.log(r.files.length, r.topLevelSteps);
