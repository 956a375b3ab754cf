/**
 * One reminder for an unanswered survey: when it is due (planned once the survey is sent), and whether it
 * may still go when it is due. Pure: the store and the dispatcher call these with what they read.
 */
import type { Schedule } from './time/business-time.js';
import { nextOpenAt } from './time/next-open.js';

const HOUR = 3_600_000;
/** A reminder needs this much of the link's life left to be worth sending. */
export const REMINDER_MIN_LIFE_MS = 15 * 60_000;

export interface ReminderSettings {
  reminderAfterHours?: number;
  reminderInBusinessHours?: boolean;
}

export type ReminderPlan = { dueAt: Date } | { skip: string } | null;

/** When the reminder of a survey sent at `sentAt` is due; null when reminders are off. */
export function planReminder(s: ReminderSettings, sentAt: Date, expiresAt: Date, schedule: Schedule): ReminderPlan {
  const after = s.reminderAfterHours ?? 0;
  if (after <= 0) return null;
  let due = sentAt.getTime() + after * HOUR;
  if (s.reminderInBusinessHours) {
    const open = nextOpenAt(due, schedule);
    if (open === null) return { skip: 'The office hours have no opening before the link expires.' };
    due = open;
  }
  if (due > expiresAt.getTime() - REMINDER_MIN_LIFE_MS) {
    return { skip: s.reminderInBusinessHours ? 'The next office opening comes too close to the link\'s expiry.' : 'The link expires before the reminder would be due.' };
  }
  return { dueAt: new Date(due) };
}

export interface ReminderState {
  invitationStatus: string;
  /** The conversation's status now (null for surveys without one). */
  conversationStatus: 'open' | 'resolved' | null;
  contactOptedOut: boolean;
  expiresAt: Date;
  now: Date;
}

/** Null when the reminder may go now; otherwise why it does not (stored with the skip). */
export function reminderBlocker(s: ReminderState): string | null {
  if (s.invitationStatus === 'answered') return 'The survey was answered.';
  if (s.contactOptedOut) return 'The contact opted out of surveys.';
  if (s.conversationStatus === 'open') return 'The conversation was reopened.';
  if (s.invitationStatus !== 'sent' && s.invitationStatus !== 'delivered') return `The survey is ${s.invitationStatus}.`;
  if (s.expiresAt.getTime() - s.now.getTime() < REMINDER_MIN_LIFE_MS) return 'The link expires too soon.';
  return null;
}
