-- Duration sketches kept in a packed binary copy (issue 18): a report grouped by agent over 30 days reads
-- about 84 k sketch entries at 10 M responses, and sending them as `array_send(sketch)` cost PostgreSQL
-- an output call per element (7 of the sketch query's 11 ms), 12 bytes each on the wire, and node a
-- base64 string of 1.3 MB to decode. rollup_conversations.sketch_bin holds the same entries, written once
-- when the row is written (a generated column: the fold and the rebuild need no change), 6 bytes each:
--   per entry, in the order of `sketch` (keys ascending): the key (metric · 512 + bucket, < 3,072) as a
--   big-endian int2, then the count as a big-endian int4 (a row's counts fit an int, as the readers
--   already assume; deltas' may be negative).
-- The deltas keep no copy (they are written by every intake statement and read a few at a time): readers
-- pack theirs with the same function (src/store/reports/summary-facts.ts durationSketches).

select pg_advisory_xact_lock(7357002);

/** The packed form of a sketch (see above); '' for an empty one. Immutable: it reads nothing but `s`. */
create function nilai_sketch_pack(s bigint[]) returns bytea language sql immutable parallel safe as $$
  select coalesce(string_agg(int2send(nilai_sketch_key(e)::smallint) || int4send(nilai_sketch_count(e)::integer), ''::bytea order by o), ''::bytea)
  from unnest(s) with ordinality as u(e, o)
$$;

alter table rollup_conversations add column sketch_bin bytea generated always as (nilai_sketch_pack(sketch)) stored;
