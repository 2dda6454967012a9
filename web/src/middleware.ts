/** Every page is rendered with its strings at hand: the locale files load once, before the first page. */
import { defineMiddleware } from 'astro:middleware';
import { loadMessages } from '../../functions/messages/site.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  await loadMessages();
  return next();
});
