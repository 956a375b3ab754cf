/**
 * Where a customer is in a survey: the rating of each type in turn, each followed by its follow-up
 * question when the settings ask one for that rating. Answers already given are kept, so a customer
 * who leaves halfway continues where they stopped.
 */
import { followUpQuestion } from './render/survey-steps.js';
import type { Language, SurveySettings, SurveyType } from './settings/schema.js';

export interface GivenAnswer {
  surveyType: SurveyType;
  score: number;
  /** The follow-up was answered or skipped. */
  followUpDone: boolean;
}

export type NextStep =
  | { kind: 'rating'; surveyType: SurveyType; index: number; total: number }
  | { kind: 'follow_up'; surveyType: SurveyType; score: number; question: string; index: number; total: number }
  | { kind: 'done' };

export function nextStep(settings: SurveySettings, types: readonly SurveyType[], answers: readonly GivenAnswer[], lang: Language): NextStep {
  const total = types.length;
  for (const [index, surveyType] of types.entries()) {
    const answer = answers.find((a) => a.surveyType === surveyType);
    if (!answer) return { kind: 'rating', surveyType, index, total };
    const question = followUpQuestion(settings, surveyType, answer.score, lang);
    if (question && !answer.followUpDone) return { kind: 'follow_up', surveyType, score: answer.score, question, index, total };
  }
  return { kind: 'done' };
}
