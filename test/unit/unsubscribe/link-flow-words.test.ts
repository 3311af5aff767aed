import { describe, expect, it } from 'vitest';
import { flowWords } from '../../../src/unsubscribe/link-flow-words.js';

describe('flow words', () => {
  it.each([
    'You have been unsubscribed',
    "You've been successfully removed from our mailing list.",
    'You will no longer receive our newsletter.',
    'Sie wurden erfolgreich abgemeldet.',
    'Vous avez été désinscrit.',
    'Te has dado de baja correctamente.',
    'Non riceverai più le nostre email.',
    'Je bent uitgeschreven.',
    'Você foi descadastrado.',
  ])('%s is a confirmation', (text) => {
    expect(flowWords.isConfirmation(text)).toBe(true);
  });

  it.each(['Unsubscribe', 'Stop receiving The Weekly Promise at a@b.test?', 'Are you sure you want to unsubscribe?', 'Manage your preferences'])(
    '%s is not a confirmation',
    (text) => {
      expect(flowWords.isConfirmation(text)).toBe(false);
    },
  );

  it.each(['Unsubscribe', 'Opt out', 'Abmelden', 'Se désabonner', 'Darme de baja', 'Uitschrijven', "No, I don't want to keep learning. Unsubscribe me"])(
    '%s is an unsubscribe action',
    (text) => {
      expect(flowWords.isUnsubscribeAction(text)).toBe(true);
    },
  );

  it.each(['Keep me subscribed', "Don't unsubscribe", 'Stay subscribed', 'Log in', 'Manage preferences', 'Subscribe'])('%s is not an unsubscribe action', (text) => {
    expect(flowWords.isUnsubscribeAction(text)).toBe(false);
  });

  it('finds guilt-tripping wording and quotes it', () => {
    expect(flowWords.confirmshaming("Before you go\nNo, I don't want to keep learning\nThanks")).toBe("No, I don't want to keep learning");
    expect(flowWords.confirmshaming("No thanks, I don't like saving money")).toBeDefined();
    expect(flowWords.confirmshaming("We're sorry to see you go.\nUnsubscribe")).toBeUndefined();
  });

  it('tells "keep me" boxes from "unsubscribe me" boxes', () => {
    expect(flowWords.isKeepMe('Keep me on Deals')).toBe(true);
    expect(flowWords.isKeepMe('Send me partner offers')).toBe(true);
    expect(flowWords.isKeepMe('Unsubscribe me from all lists')).toBe(false);
  });

  it('recognises login walls and human checks', () => {
    expect(flowWords.isLoginWall('Log in to manage your subscription')).toBe(true);
    expect(flowWords.isHumanCheck("Please verify you're a real human")).toBe(true);
    expect(flowWords.isHumanCheck("I'm not a robot")).toBe(true);
    expect(flowWords.isLoginWall('Unsubscribe')).toBe(false);
  });
});
