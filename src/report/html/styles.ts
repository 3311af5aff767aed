/** The report's only stylesheet (inline: report.html loads nothing). */
export const CSS = `
:root{--ok:#1a7f37;--bad:#c21d2b;--warn:#8a5a00;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--focus:#0969da;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:#1f2328;background:#fff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem;overflow-wrap:anywhere}
.skip{position:absolute;left:-999px;top:0}.skip:focus{left:1rem;background:#fff;padding:.5rem;z-index:10}
h1{margin:.2rem 0;font-size:1.6rem}h2{font-size:1.3rem;margin:1.2rem 0 .4rem}h3{font-size:1.05rem;margin:1rem 0 .3rem}h4{margin:.4rem 0;font-size:1rem}
.headline{font-size:1.25rem;font-weight:600;margin:.3rem 0}
.meta{color:var(--muted);font-size:.85rem}
nav.toc ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.5rem 0}
a{color:#0550ae}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:var(--bg2);border-radius:6px;padding:.25rem .6rem;color:inherit}
.journey{border:1px solid var(--line);border-left-width:6px;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.journey.failed{border-left-color:var(--bad)}.journey.passed{border-left-color:var(--ok)}.journey.flaky{border-left-color:var(--warn)}
.badge{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.8rem;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
.s-passed,.s-ok,.s-passed-with-warnings{background:var(--ok)}.s-failed,.s-broken,.s-error{background:var(--bad)}.s-flaky,.s-warning,.s-blocked,.s-inconclusive,.s-open{background:var(--warn)}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
.timeline>li{position:relative;margin:0 0 .6rem;padding:.1rem 0 .1rem 1rem}
.timeline>li::before{content:"";position:absolute;left:-.5rem;top:.5rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--muted)}
.timeline>li.passed::before{background:var(--ok)}.timeline>li.failed::before{background:var(--bad)}
.step.not-run,.step.skipped{color:var(--muted)}
.step-title{font-weight:600}
.thumbs{display:flex;flex-wrap:wrap;gap:.4rem;margin:.3rem 0}
.thumb{padding:0;border:1px solid var(--line);background:#fff;line-height:0}
.thumb img{width:10rem;max-width:40vw;height:auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem;background:var(--bg2);border:1px solid var(--line);padding:.4rem;margin:.3rem 0}
pre.error{background:#fff5f5;border-color:#ffcecb}
.finding{margin:.5rem 0;padding:.4rem .6rem;border-left:4px solid var(--muted);background:var(--bg2)}
.finding.error{border-left-color:var(--bad)}.finding.warning{border-left-color:var(--warn)}
.finding p{margin:.2rem 0}.advice{font-weight:500}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem}
td,th{border-bottom:1px solid var(--line);padding:.3rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{overflow-wrap:normal}
.findings{list-style:none;padding-left:0}
th button{background:none;border:0;padding:0;font-weight:700}
.mail{border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;margin:.6rem 0}
.mail iframe{width:100%;height:28rem;border:1px solid var(--line);background:#fff}
.mail-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0}
.notice{font-size:.85rem;color:var(--warn)}
.controls{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.5rem 0}
.controls label{display:flex;flex-direction:column;font-size:.85rem}
.controls input,.controls select{font:inherit;padding:.25rem;min-width:12rem}
.pager{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
.rule{margin:.2rem 0}.rule-text{font-style:italic}
dialog{max-width:95vw;max-height:95vh;padding:.5rem;border:1px solid var(--line)}
dialog img{max-width:100%;max-height:80vh;display:block}
dialog::backdrop{background:rgba(0,0,0,.6)}
.print-note{display:none}
.kinds{list-style:none;padding:0;margin:.3rem 0}
.kind{margin:0 0 .35rem;padding:.25rem .6rem;border-left:5px solid var(--muted);border-radius:4px;background:var(--bg2)}
.kind.error{border-left-color:var(--bad)}.kind.warning{border-left-color:var(--warn)}
.kind-title{display:inline;font-size:1rem;margin:0}.kind-count{font-weight:400;color:var(--muted)}
.kind-where{font-size:.8rem}
.kind .advice{margin:.1rem 0 0;font-size:.9rem;font-weight:400}
h2 .meta{font-weight:400}
.single-note{border:1px solid var(--line);border-radius:6px;background:var(--bg2);padding:.3rem .6rem;font-size:.9rem}
.thumb-left-out{max-width:24rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){body{padding:.5rem}.thumb img{width:7rem}.controls input,.controls select{min-width:0;width:100%}.controls label{flex:1 1 100%}
table thead{display:none}
table,tbody,tr,td,tbody th{display:block;width:100%}
tbody tr{border:1px solid var(--line);border-radius:8px;margin:.5rem 0;padding:.3rem .5rem}
td,tbody th{border:0;padding:.15rem 0}
td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
td:empty{display:none}
td[data-label="Result"]::before,td[data-label="State"]::before,td[data-label="Verdict"]::before{content:none}}
@media print{.print-note{display:block}.skip,.controls,.pager,.mail-actions button,nav.toc{display:none}.journey{break-before:page;content-visibility:visible;border-left-width:1px}body{max-width:none}a{color:inherit}details>*{display:block}}
`;
