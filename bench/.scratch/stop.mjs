import { Sink } from '/work/main/dist/mail/sink.js';
import nodemailer from 'nodemailer';
const sink = new Sink({ dir: '/tmp/jb/mail' });
const ep = await sink.start();
const t = nodemailer.createTransport({ pool: true, host: ep.smtpHost, port: ep.smtpPort, secure: false, ignoreTLS: true });
await t.sendMail({ from: 'a@x.test', to: 'b@x.test', subject: 'hi', text: 'x' });
const t0 = performance.now(); await sink.stop(); console.log('stop with idle pooled client', (performance.now() - t0).toFixed(0), 'ms');
t.close();
const s2 = new Sink({ dir: '/tmp/jb/mail2' }); await s2.start(); const t1 = performance.now(); await s2.stop(); console.log('stop without clients', (performance.now() - t1).toFixed(0), 'ms');
