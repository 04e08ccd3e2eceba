"""Reference data that needs no Django: layout and scale table, geographies, stages, names,
grades, health, finance and planning wording.

Plain constants (standard library only), importable before ``django.setup()``; read by
``sim``, the row builders, the factories and the strategies alike. Biology numbers live in
``sim.params``.
"""
