{#- Tolerant parsing of submitted text.  Each macro takes a SQL expression holding the
    submitted text and returns the typed value, or null when the text is not valid.
    Unit-tested through stg_cld__rows (tests in models/staging/cld/_cld__unit_tests.yml). -#}

{# Blank (empty or whitespace only) → null; otherwise the text with outer whitespace trimmed. #}
{% macro cld_clean_text(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}

{# Key for matching defined-list spellings and header names: lower case, letters and digits only.
   So case, whitespace, hyphen/en-dash/em-dash and punctuation never matter. #}
{% macro cld_match_key(expr) -%}
    {{ cld_regexp_replace_all('lower(' ~ expr ~ ')', '[^a-z0-9]', '') }}
{%- endmacro %}

{# Dates: dd/mm/yyyy, d/m/yyyy or ISO yyyy-mm-dd; anything else (or before the plausible
   minimum, var cld_min_plausible_date) → null. #}
{% macro cld_parse_date(expr) -%}
    case
        when {{ cld_try_parse_date(cld_clean_text(expr)) }} >= cast('{{ var("cld_min_plausible_date") }}' as date)
            then {{ cld_try_parse_date(cld_clean_text(expr)) }}
    end
{%- endmacro %}

{# Numbers: strip £, thousands separators and spaces; non-numeric → null. #}
{% macro cld_parse_number(expr) -%}
    {{ cld_try_cast(cld_regexp_replace_all(expr, '[£,\\s]', ''), 'decimal(18, 4)') }}
{%- endmacro %}

{# NHS number with spaces and dashes removed (text, may still be invalid). #}
{% macro cld_nhs_number_digits(expr) -%}
    nullif({{ cld_regexp_replace_all(expr, '[\\s-]', '') }}, '')
{%- endmacro %}

{# True when the digits are 10 digits with a valid modulus-11 check digit:
   weights 10..2 on the first nine digits; check = 11 - (sum mod 11); 11 → 0; 10 → invalid. #}
{% macro cld_nhs_number_is_valid(digits) -%}
    coalesce(
        {{ cld_regexp_full_match(digits, '[0-9]{10}') }}
        and (
            11 - (
                (
                    {%- for i in range(1, 10) %}
                    {{ 11 - i }} * {{ cld_try_cast('substring(' ~ digits ~ ', ' ~ i ~ ', 1)', 'integer') }}{{ ' +' if not loop.last }}
                    {%- endfor %}
                ) % 11
            )
        ) % 11 = {{ cld_try_cast('substring(' ~ digits ~ ', 10, 1)', 'integer') }}
        and (
            {%- for i in range(1, 10) %}
            {{ 11 - i }} * {{ cld_try_cast('substring(' ~ digits ~ ', ' ~ i ~ ', 1)', 'integer') }}{{ ' +' if not loop.last }}
            {%- endfor %}
        ) % 11 != 1,
        false
    )
{%- endmacro %}

{# Valid NHS number (digits) or null. #}
{% macro cld_parse_nhs_number(expr) -%}
    case
        when {{ cld_nhs_number_is_valid(cld_nhs_number_digits(expr)) }}
            then {{ cld_nhs_number_digits(expr) }}
    end
{%- endmacro %}

{# Postcode: upper case, all whitespace removed, then one space before the inward code. #}
{% macro cld_normalise_postcode(expr) -%}
    case
        when length({{ cld_regexp_replace_all('upper(' ~ expr ~ ')', '\\s', '') }}) >= 5
            then
                substring({{ cld_regexp_replace_all('upper(' ~ expr ~ ')', '\\s', '') }}, 1,
                    length({{ cld_regexp_replace_all('upper(' ~ expr ~ ')', '\\s', '') }}) - 3)
                || ' '
                || right({{ cld_regexp_replace_all('upper(' ~ expr ~ ')', '\\s', '') }}, 3)
        else nullif({{ cld_regexp_replace_all('upper(' ~ expr ~ ')', '\\s', '') }}, '')
    end
{%- endmacro %}

{# True when a normalised postcode has the UK shape (outward code, space, inward code). #}
{% macro cld_postcode_is_valid(normalised) -%}
    {{ cld_regexp_full_match(normalised, '[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}') }}
{%- endmacro %}
