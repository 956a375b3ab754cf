-- Checks inside statements (issue 18): the intake's writes are sent without waiting for their answers,
-- with the COMMIT right behind them (src/store/pipelined.ts), so a check of an answer in JavaScript would
-- come after the COMMIT. A statement that must fail when it wrote fewer rows than it was given raises
-- instead; the transaction is then aborted and the COMMIT behind it rolls back.

/**
 * `actual` when it equals `expected`; else raises `message` with SQLSTATE `code` (nilai's own codes are
 * of class NL, e.g. NL409: a conversation the batch took for new was created by a concurrent transaction).
 */
create function nilai_expect_count(actual bigint, expected bigint, message text, code text) returns bigint
language plpgsql as $$
begin
  if actual is distinct from expected then
    raise exception using message = message, errcode = code;
  end if;
  return actual;
end
$$;
