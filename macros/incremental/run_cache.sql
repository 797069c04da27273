{#- A result computed once per model and dbt invocation.  The scope of an incremental model (the
    files or LAs it rebuilds) is needed by every scoped ref() while the model is compiled and
    again by its materialization before the delete; it cannot change in between (the model's
    parents are built by then), so it is queried once and kept.  Where: the run's `graph` — the
    one dict every node's context shares in an invocation — under a key that names the
    invocation (so a programmatic second invocation over the same manifest starts empty).  Two
    threads may both miss and both compute the same value: harmless. -#}

{# The cache named `name` for this invocation: a dict (model unique_id -> value). #}
{% macro cld_run_cache(name) -%}
    {%- set caches = graph.setdefault('cld_run_caches', {}) -%}
    {%- if caches.get('invocation_id') != invocation_id -%}
        {%- do caches.clear() -%}
        {%- do caches.update({'invocation_id': invocation_id}) -%}
    {%- endif -%}
    {{ return(caches.setdefault(name, {})) }}
{%- endmacro %}

{# compute() (a macro taking no argument) for the current model, once per invocation; while
   parsing it is only called (nothing is queried then, so nothing is kept). #}
{% macro cld_once_per_model(name, compute) -%}
    {%- if not execute %}{{ return(compute()) }}{% endif -%}
    {%- set cache = cld_run_cache(name) -%}
    {%- if model.unique_id not in cache -%}
        {%- do cache.update({model.unique_id: compute()}) -%}
    {%- endif -%}
    {{ return(cache[model.unique_id]) }}
{%- endmacro %}
