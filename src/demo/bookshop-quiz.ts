/** The online test that comes with The Promise Keeper: three multiple-choice questions. */
import { BOOK, BRAND } from './bookshop-book.js';
import { html, htmlReply, layout, readForm, type Route } from './site.js';

interface Question {
  id: string;
  text: string;
  options: readonly { value: string; label: string }[];
  answer: string;
}

const QUESTIONS: readonly Question[] = [
  {
    id: 'q1',
    text: 'What does Hanna bake every morning before sunrise?',
    options: [
      { value: 'a', label: 'Rye bread' },
      { value: 'b', label: 'Cinnamon buns' },
      { value: 'c', label: 'Apple pie' },
    ],
    answer: 'a',
  },
  {
    id: 'q2',
    text: 'Who asks Hanna for the promise she cannot keep?',
    options: [
      { value: 'a', label: 'Her brother' },
      { value: 'b', label: 'The harbour master' },
      { value: 'c', label: 'A stranger off the winter ferry' },
    ],
    answer: 'c',
  },
  {
    id: 'q3',
    text: 'What does Hanna decide a promise is, by the last chapter?',
    options: [
      { value: 'a', label: 'A rule you must never bend' },
      { value: 'b', label: 'A debt you are glad to pay' },
      { value: 'c', label: 'Words that fade with time' },
    ],
    answer: 'b',
  },
];

export const QUIZ_PATH = `/tests/${BOOK.slug}`;

function quizPage(): string {
  const questions = QUESTIONS.map(
    (q, i) => html`<fieldset>
<legend>${i + 1}. ${q.text}</legend>
${q.options.map(
  (o) => html`<div class="check"><input type="radio" id="${q.id}-${o.value}" name="${q.id}" value="${o.value}"><label for="${q.id}-${o.value}">${o.label}</label></div>
`,
)}</fieldset>
`,
  );
  return layout({
    brand: BRAND,
    title: `Online test: ${BOOK.title}`,
    body: html`<h1>Online test: ${BOOK.title}</h1>
<p>Three questions about the story. Pick one answer for each.</p>
<form method="post" action="${QUIZ_PATH}">
${questions}<button type="submit">Submit answers</button>
</form>`,
  });
}

function resultPage(score: number): string {
  return layout({
    brand: BRAND,
    title: 'Your result',
    body: html`<h1>Your result</h1>
<p>You scored ${score} of ${QUESTIONS.length}</p>
<p><a href="${QUIZ_PATH}">Try the test again</a></p>`,
  });
}

/** Unanswered or unknown answers simply score nothing. */
function score(answers: URLSearchParams): number {
  return QUESTIONS.filter((q) => answers.get(q.id) === q.answer).length;
}

export const quizRoutes: readonly Route[] = [
  { method: 'GET', path: QUIZ_PATH, handle: () => htmlReply(200, quizPage()) },
  {
    method: 'POST',
    path: QUIZ_PATH,
    handle: async (req) => htmlReply(200, resultPage(score(await readForm(req.raw)))),
  },
];
