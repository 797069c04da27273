{#- The validation-rule compiler.  Every file, row and item rule is one row of the seed
    cld_validation_rules (rule code, catalogue rule id, level, what it reads, severity,
    applicability, check, data item, quoted column, message); int_submission_checks and
    int_row_issues select the findings this macro compiles from it, so adding a rule is adding
    a row (README "Validation rules: one row each").  The seed's columns:
      reads         the relation the rule's columns come from: files (one row per landed file),
                    row_items (one row per landed row and data item), rows (one row per row,
                    with its lookups) or row_groups (one row per row of a group that breaks a
                    rule over several rows of a file);
      check_order   the order of the compiled rules; for row_items also the precedence: a row
                    and item get at most one item finding, the first rule whose check holds;
      applies_to    `;`-separated conditions the rule needs besides its check: a boolean
                    column, `column=value` or `column!=value`; `item in var:<name>` makes the
                    rule one rule per data item of that var (`{item}` in condition, submitted_column
                    and message stands for the item's column name);
      condition     a check macro and its arguments, `cld_check_greater(column=x, than=y)`:
                    macros/validation/cld_checks.sql, called through adapter.dispatch so an
                    engine overrides one check with `<adapter>__<name>`;
      item_number, submitted_column  the data item a row finding names and the column whose
                    value it quotes (item rules: the item's own);
      message       text with `{column}` (the column's value), `{column|fallback}` (the
                    fallback, itself a message, when the column is null) and `{var:name}`.
    The seed is read when the model is compiled (run_query, execute mode only); a database
    without the seed yet (sqlfluff's in-memory one) reads the seed file instead. -#}

{#- The rules reading one of `reads`, as dicts in check_order, `item in var:` rules expanded. -#}
{% macro cld_validation_rule_rows(reads) -%}
    {%- if not execute %}{{ return([]) }}{% endif -%}
    {#- the seed's node; a unit test's context has no graph: the seed's place (seeds +schema) -#}
    {%- set node = (graph.get('nodes') or {}).get('seed.cld_warehouse.cld_validation_rules') or {
        'database': target.database, 'schema': generate_schema_name('spec', none),
        'alias': 'cld_validation_rules', 'original_file_path': 'seeds/spec/cld_validation_rules.csv'} -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if relation is not none -%}
        {%- set table = run_query('select * from ' ~ relation) -%}
    {%- else -%}
        {%- set table = run_query(adapter.dispatch('cld_seed_file_query', 'cld_warehouse')(node.original_file_path)) -%}
    {%- endif -%}
    {%- set rules = [] -%}
    {%- for row in table.rows if row['reads'] in reads -%}
        {%- set rule = {} -%}
        {%- for name in table.column_names -%}
            {%- do rule.update({name: row[name]}) -%}
        {%- endfor -%}
        {%- do rule.update({'check_order': rule.check_order | int}) -%}
        {%- set expansion = namespace(var_name=none) -%}
        {%- for term in (rule.applies_to or '').split(';') if term.strip().startswith('item in var:') -%}
            {%- set expansion.var_name = term.strip()[12:] -%}
        {%- endfor -%}
        {%- if expansion.var_name is none -%}
            {%- do rules.append(rule) -%}
        {%- else -%}
            {%- for column in var(expansion.var_name) -%}
                {%- set item = cld_items() | selectattr('column_name', 'equalto', column) | first -%}
                {%- set expanded = {} -%}
                {%- for name, value in rule.items() -%}
                    {%- do expanded.update({name: value.replace('{item}', column) if value is string else value}) -%}
                {%- endfor -%}
                {%- do expanded.update({'item_number': item.item_number}) -%}
                {%- do rules.append(expanded) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules | sort(attribute='check_order')) }}
{%- endmacro %}

{#- The seed's file read directly: only for a database the seed is not loaded into. -#}
{% macro default__cld_seed_file_query(path) -%}
    {{ exceptions.raise_compiler_error('seed cld_validation_rules is not loaded: run `dbt seed` first') }}
{%- endmacro %}

{% macro duckdb__cld_seed_file_query(path) -%}
    select * from read_csv('{{ path }}', header = true, all_varchar = true)
{%- endmacro %}

{#- A rule's condition: its applicability and its check (the condition column). -#}
{% macro cld_validation_condition(rule) -%}
    {%- set conditions = [] -%}
    {%- for term in (rule.applies_to or '').split(';') | map('trim') if term and not term.startswith('item in ') -%}
        {%- if '!=' in term -%}
            {%- set parts = term.split('!=', 1) -%}
            {%- do conditions.append(parts[0] ~ " != '" ~ parts[1] ~ "'") -%}
        {%- elif '=' in term -%}
            {%- set parts = term.split('=', 1) -%}
            {%- do conditions.append(parts[0] ~ " = '" ~ parts[1] ~ "'") -%}
        {%- else -%}
            {%- do conditions.append(term) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set name = rule.condition.split('(')[0] | trim -%}
    {%- set arguments = rule.condition[rule.condition.index('(') + 1:rule.condition.rindex(')')] -%}
    {%- set kwargs = fromyaml('{' ~ arguments.replace('=', ': ') ~ '}') or {} -%}
    {#- through an alias: dbt's parser reads `adapter.dispatch(` calls for a literal macro name -#}
    {%- set dispatch = adapter.dispatch -%}
    {%- do conditions.append('(' ~ (dispatch(name, 'cld_warehouse')(**kwargs) | trim) ~ ')') -%}
    {{ return(conditions | join(' and ')) }}
{%- endmacro %}

{#- A message template as a SQL text expression. -#}
{% macro cld_validation_message(template) -%}
    {%- set ns = namespace(literal='', placeholder='', depth=0) -%}
    {%- set parts = [] -%}
    {%- for character in template -%}
        {%- if character == '{' -%}
            {%- if ns.depth > 0 %}{% set ns.placeholder = ns.placeholder ~ character %}{% endif -%}
            {%- set ns.depth = ns.depth + 1 -%}
        {%- elif character == '}' -%}
            {%- set ns.depth = ns.depth - 1 -%}
            {%- if ns.depth > 0 -%}
                {%- set ns.placeholder = ns.placeholder ~ character -%}
            {%- elif ns.placeholder.startswith('var:') -%}
                {%- set ns.literal = ns.literal ~ var(ns.placeholder[4:]) -%}
                {%- set ns.placeholder = '' -%}
            {%- else -%}
                {%- if ns.literal %}{% do parts.append(cld_string_literal(ns.literal)) %}{% endif -%}
                {%- set ns.literal = '' -%}
                {%- set column, _, fallback = ns.placeholder.partition('|') -%}
                {%- set value = 'cast(' ~ column ~ ' as string)' -%}
                {%- if fallback -%}
                    {%- set value = 'coalesce(' ~ value ~ ', ' ~ cld_validation_message(fallback) ~ ')' -%}
                {%- endif -%}
                {%- do parts.append(value) -%}
                {%- set ns.placeholder = '' -%}
            {%- endif -%}
        {%- elif ns.depth > 0 -%}
            {%- set ns.placeholder = ns.placeholder ~ character -%}
        {%- else -%}
            {%- set ns.literal = ns.literal ~ character -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if ns.literal %}{% do parts.append(cld_string_literal(ns.literal)) %}{% endif -%}
    {{ return(parts | join(' || ') if parts else 'cast(null as string)') }}
{%- endmacro %}

{#- The findings of every rule reading the given relations, one union:
      relations  {reads: CTE name}, e.g. {'files': 'files_with_context'} or
                 {'row_items': 'item_checks', 'rows': 'rows_with_lookups', 'row_groups': 'rows_in_groups'}.
    File findings: landed_file_name, rule_code, message.  Row and item findings:
    landed_file_name, source_row_number, item_number, rule_code, is_critical, submitted_value,
    message.  Row-item rules compile to one pass over their relation (the first rule that
    holds, by check_order); the others to one branch each. -#}
{% macro cld_validation_findings(relations) -%}
    {%- set rules = cld_validation_rule_rows(relations.keys() | list) -%}
    {%- set is_file = 'files' in relations -%}
    {%- set branches = [] -%}
    {%- for reads, relation in relations.items() -%}
        {%- set reads_rules = rules | selectattr('reads', 'equalto', reads) | list -%}
        {%- if reads == 'row_items' and reads_rules -%}
            {%- set branch -%}
    select
        landed_file_name,
        source_row_number,
        item_number,
        rule_code,
        is_critical,
        submitted_value,
        case rule_code
            {%- for rule in reads_rules %}
            when '{{ rule.rule_code }}' then {{ cld_validation_message(rule.message) }}
            {%- endfor %}
        end as message
    from (
        select
            *,
            case
                {%- for rule in reads_rules %}
                when {{ cld_validation_condition(rule) }} then '{{ rule.rule_code }}'
                {%- endfor %}
            end as rule_code
        from {{ relation }}
    ) as {{ relation }}_rules
    where rule_code is not null
            {%- endset -%}
            {%- do branches.append(branch | trim) -%}
        {%- else -%}
            {%- for rule in reads_rules -%}
                {%- set branch -%}
    select
        landed_file_name,
        {%- if not is_file %}
        source_row_number,
        cast({{ rule.item_number if rule.item_number is not none else 'null' }} as integer) as item_number,
        {%- endif %}
        '{{ rule.rule_code }}' as rule_code,
        {%- if not is_file %}
        false as is_critical,
        cast({{ rule.submitted_column or 'null' }} as string) as submitted_value,
        {%- endif %}
        {{ cld_validation_message(rule.message) }} as message
    {#- aliased: Spark would read `relation where (...)` as an alias `where` with column names #}
    from {{ relation }} as rule_rows
    where {{ cld_validation_condition(rule) }}
                {%- endset -%}
                {%- do branches.append(branch | trim) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if branches -%}
        {{ branches | join('\n\n    union all\n\n    ') }}
    {%- else %}
    {#- parsing (no rules read yet): the columns, no rows #}
    select
        cast(null as string) as landed_file_name,
        {%- if not is_file %}
        cast(null as integer) as source_row_number,
        cast(null as integer) as item_number,
        {%- endif %}
        cast(null as string) as rule_code,
        {%- if not is_file %}
        false as is_critical,
        cast(null as string) as submitted_value,
        {%- endif %}
        cast(null as string) as message
    where false
    {%- endif -%}
{%- endmacro %}
