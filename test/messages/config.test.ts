import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('message and theme settings', () => {
  it('default to the outbox and no theme', () => {
    const config = loadConfig({}, {});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.smsWebhookUrl).toBeUndefined();
    expect(config.themeCss).toBeUndefined();
    expect(config.smtpFrom).toBe('Roster <no-reply@localhost>');
  });

  it('read the environment, treating empty as unset', () => {
    const config = loadConfig(
      {},
      {
        ROSTER_SMTP_URL: 'smtps://mailer:secret@smtp.example.com:465',
        ROSTER_SMTP_FROM: 'Shop <hello@shop.example>',
        ROSTER_SMS_WEBHOOK_URL: 'https://sms.example.com/send',
        ROSTER_THEME_CSS: 'brand.css',
      },
    );
    expect(config.smtpUrl).toBe('smtps://mailer:secret@smtp.example.com:465');
    expect(config.smtpFrom).toBe('Shop <hello@shop.example>');
    expect(config.smsWebhookUrl).toBe('https://sms.example.com/send');
    expect(config.themeCss).toMatch(/^\/.*\/brand\.css$/);
    expect(loadConfig({}, { ROSTER_SMTP_URL: ' ', ROSTER_SMS_WEBHOOK_URL: '' }).smtpUrl).toBeUndefined();
  });

  it('refuse URLs of the wrong kind at start', () => {
    expect(() => loadConfig({}, { ROSTER_SMTP_URL: 'http://smtp.example.com' })).toThrow(
      'ROSTER_SMTP_URL must be an smtp:// or smtps:// URL',
    );
    expect(() => loadConfig({}, { ROSTER_SMTP_URL: 'not a url' })).toThrow('ROSTER_SMTP_URL');
    expect(() => loadConfig({}, { ROSTER_SMS_WEBHOOK_URL: 'ftp://sms.example.com' })).toThrow(
      'ROSTER_SMS_WEBHOOK_URL must be an http:// or https:// URL',
    );
  });
});
