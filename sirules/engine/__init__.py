"""Model + application -> verdict: floor 2.

The passes in order and the compiled-guideline cache (``pipeline``), the code generator
(``codegen``), the compiled guideline and its results (``checker``), reading applications
(``application``), the model evaluated directly (``interpret``), explanations of findings
(``explain``), the batch mode (``batch``) and the suggestions of what would make an application
pass (``suggest``).

Imports: :mod:`sirules.language`.
"""
