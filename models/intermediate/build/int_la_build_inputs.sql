-- The build wing (macros/incremental/): everything a per-LA model builds an LA from, as rows
-- (la_code, input_kind, input_value).  Bookkeeping only: no business model reads it.  The root
-- per-LA model's materialization evaluates the same select (cld_la_build_inputs_sql) over the
-- relations found in the graph; this model shows those inputs, and where they come from, in
-- the warehouse and the lineage.
select * from ({{ cld_la_build_inputs_sql(ref) }}) as build_inputs
