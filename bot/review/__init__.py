"""The year-end review of a whole unit (bình xét cuối năm): a staff list in a spreadsheet, every person's and
collective's verdict per award out, the unit's dossier for the year, and a registry that remembers.

- `sheet`: the .xlsx template and the reading of a filled one (every fault named by sheet, row and column);
- `judge`: the facts of each row given to the nomination rules (bot/nomination/eligibility.py), the same
  checks the wizard and the questions use, and the numbers the law sets for a unit;
- `report`: the result workbook and the dossier (.docx from knowledge/templates, eligible people only);
- `registry`: what each review decided, per person, for next year's template and consecutive-year counts;
- `service`: the commands every face calls (/binh_xet, a sheet sent back, /ho_so_ca_nhan).
"""
