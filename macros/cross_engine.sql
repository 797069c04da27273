{#- Engine-specific SQL lives here, behind adapter.dispatch; models call only these. -#}

{# A text as a SQL string literal.  DuckDB (standard SQL): a quote is doubled, a backslash is
   an ordinary character.  Spark: a backslash escapes the next character (so '\s' reads as 's')
   and a doubled quote ends one literal and starts another ('it''s' reads as 'its'): both are
   escaped with a backslash.  Every literal built from text (regular expressions, messages,
   lists of values) goes through here. #}
{% macro cld_string_literal(text) -%}
    {{ return(adapter.dispatch('cld_string_literal', 'cld_warehouse')(text)) }}
{%- endmacro %}
{% macro default__cld_string_literal(text) -%}
    '{{ text | string | replace("'", "''") }}'
{%- endmacro %}
{% macro spark__cld_string_literal(text) -%}
    '{{ text | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}

{# Replace every match of a regular expression. #}
{% macro cld_regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('cld_regexp_replace_all', 'cld_warehouse')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__cld_regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ cld_string_literal(pattern) }}, {{ cld_string_literal(replacement) }})
{%- endmacro %}
{% macro duckdb__cld_regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ cld_string_literal(pattern) }}, {{ cld_string_literal(replacement) }}, 'g')
{%- endmacro %}

{# True when the whole text matches a regular expression.  Spark (Java): `$` also matches
   before a final line end, so the end is `\z`; the pattern is grouped so an alternation
   stays anchored. #}
{% macro cld_regexp_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('cld_regexp_full_match', 'cld_warehouse')(expr, pattern)) }}
{%- endmacro %}
{% macro default__cld_regexp_full_match(expr, pattern) -%}
    ({{ expr }} rlike {{ cld_string_literal('^(?:' ~ pattern ~ ')\\z') }})
{%- endmacro %}
{% macro duckdb__cld_regexp_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ cld_string_literal(pattern) }})
{%- endmacro %}

{# Cast that yields null instead of failing. #}
{% macro cld_try_cast(expr, type) -%}
    {{ return(adapter.dispatch('cld_try_cast', 'cld_warehouse')(expr, type)) }}
{%- endmacro %}
{% macro default__cld_try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{# Parse a date in one of several formats (first match wins); null when none matches. #}
{% macro cld_try_parse_date(expr) -%}
    {{ return(adapter.dispatch('cld_try_parse_date', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_try_parse_date(expr) -%}
    coalesce(try_to_date({{ expr }}, 'd/M/yyyy'), try_to_date({{ expr }}, 'yyyy-MM-dd'))
{%- endmacro %}
{#- Spark 3.5 has no try_to_date, and to_date fails the query (SparkUpgradeException) on a text
    its old parser would have read, such as 31/02/2023.  The shapes DuckDB's try_strptime
    accepts (day and month of one or two digits, a year of one to four) are matched by regular
    expression and rebuilt as yyyy-MM-dd, which try_cast turns into a date or null (31 February). #}
{% macro spark__cld_try_parse_date(expr) -%}
    case
        when {{ expr }} rlike '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,4}\\z'
            then try_cast(concat_ws('-',
                lpad(regexp_extract({{ expr }}, '^[0-9]+/[0-9]+/([0-9]+)', 1), 4, '0'),
                lpad(regexp_extract({{ expr }}, '^[0-9]+/([0-9]+)/', 1), 2, '0'),
                lpad(regexp_extract({{ expr }}, '^([0-9]+)/', 1), 2, '0')) as date)
        when {{ expr }} rlike '^[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}\\z'
            then try_cast(concat_ws('-',
                lpad(regexp_extract({{ expr }}, '^([0-9]+)-', 1), 4, '0'),
                lpad(regexp_extract({{ expr }}, '^[0-9]+-([0-9]+)-', 1), 2, '0'),
                lpad(regexp_extract({{ expr }}, '-([0-9]+)\\z', 1), 2, '0')) as date)
    end
{%- endmacro %}
{% macro duckdb__cld_try_parse_date(expr) -%}
    cast(try_strptime({{ expr }}, ['%d/%m/%Y', '%Y-%m-%d']) as date)
{%- endmacro %}

{# Parse a timestamp written YYYY-MM-DD HH:MM:SS. #}
{% macro cld_try_parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('cld_try_parse_timestamp', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_try_parse_timestamp(expr) -%}
    try_to_timestamp({{ expr }}, 'yyyy-MM-dd HH:mm:ss')
{%- endmacro %}
{% macro duckdb__cld_try_parse_timestamp(expr) -%}
    try_strptime({{ expr }}, '%Y-%m-%d %H:%M:%S')
{%- endmacro %}

{% macro spark__cld_try_parse_timestamp(expr) -%}
    case
        when {{ expr }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\z'
            then try_cast({{ expr }} as timestamp)
    end
{%- endmacro %}

{# The last part of a file path (the file's base name). #}
{% macro cld_file_base_name(expr) -%}
    {{ return(adapter.dispatch('cld_file_base_name', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_file_base_name(expr) -%}
    {{ cld_regexp_replace_all(expr, '^.*[/\\\\]', '') }}
{%- endmacro %}
{% macro duckdb__cld_file_base_name(expr) -%}
    parse_filename({{ expr }})
{%- endmacro %}

{# Concatenate the non-null values of a group in a given order (null for a group without
   one).  dbt-spark's listagg ignores the order and gives '' for an empty group, so Spark
   collects (order key, value) pairs, sorts them and joins the values. #}
{% macro cld_listagg(measure, delimiter_text, order_by) -%}
    {{ return(adapter.dispatch('cld_listagg', 'cld_warehouse')(measure, delimiter_text, order_by)) }}
{%- endmacro %}
{% macro default__cld_listagg(measure, delimiter_text, order_by) -%}
    {{ dbt.listagg(measure, cld_string_literal(delimiter_text), 'order by ' ~ order_by) }}
{%- endmacro %}
{% macro spark__cld_listagg(measure, delimiter_text, order_by) -%}
    case when count({{ measure }}) > 0 then array_join(transform(
        array_sort(collect_list(case when ({{ measure }}) is not null then struct({{ order_by }} as k, {{ measure }} as v) end)),
        pair -> pair.v), {{ cld_string_literal(delimiter_text) }}) end
{%- endmacro %}

{# The first day of the month of a date or timestamp, as a date (dbt's date_trunc gives a
   timestamp on Spark). #}
{% macro cld_month_start(expr) -%}
    {{ return(adapter.dispatch('cld_month_start', 'cld_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__cld_month_start(expr) -%}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{%- endmacro %}
{% macro spark__cld_month_start(expr) -%}
    trunc(cast({{ expr }} as date), 'MM')
{%- endmacro %}

{# numerator / denominator rounded half up to `scale` decimals, exactly, as decimal(38, scale),
   the same on every engine.  DuckDB divides decimals in double precision and Spark in decimals
   rounded to a precision of its own, so neither divides here: the quotient (in units of the
   last decimal) is estimated in double precision, floored, corrected by exact decimal
   comparison and scaled back by multiplication.  For a numerator >= 0 (a decimal of up to 10
   decimals) and an integer denominator (money, counts).  Null when either is null or the denominator is
   not positive, and
   beyond what the estimate holds exactly (a numerator of 10^(15 - scale) or more: money
   beyond a billion pounds at 6 decimals). #}
{% macro cld_round_div(numerator, denominator, scale) -%}
    {%- set exact = cld_try_cast(numerator, 'decimal(24, 10)') -%}
    {%- set scaled = '(2 * ' ~ exact ~ ' * ' ~ (10 ** scale) ~ ' + cast(' ~ denominator ~ ' as bigint))' -%}
    {%- set divisor = '(2 * cast(' ~ denominator ~ ' as bigint))' -%}
    {%- set estimate = 'cast(floor(cast(' ~ scaled ~ ' as double) / ' ~ divisor ~ ') as bigint)' -%}
    case when {{ exact }} < {{ 10 ** (15 - scale) }} and ({{ denominator }}) > 0 then cast(
        (
            {{ estimate }}
            + case
                when ({{ estimate }} + 1) * {{ divisor }} <= {{ scaled }} then 1
                when {{ estimate }} * {{ divisor }} > {{ scaled }} then -1
                else 0
            end
        ) * cast('{{ ('0.' ~ '0' * (scale - 1) ~ '1') if scale > 0 else '1' }}' as decimal({{ scale + 1 }}, {{ scale }}))
        as decimal(38, {{ scale }})
    ) end
{%- endmacro %}
