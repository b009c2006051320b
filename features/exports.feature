Feature: Exports and the purposes they are made for
  Every bulk export states what it is for, chosen from a fixed list. Data that came from
  victims and witnesses may be exported to prosecute a crime, but never for immigration
  control, whoever the export is for.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-08 @needs-seed-case @needs-audit-log @needs-export
  Scenario: An export for immigration control is refused when it would hold a victim or a witness
    When the system exports its records for the prosecution service, stating the purpose prosecution, in every format it offers
    Then the prosecution service receives the details of the victim, the witness and the suspect
    When the system exports its records for the prosecution service, stating the purpose immigration control, in every format it offers
    Then every one of those exports is refused
    And the audit log records every refused export with its purpose
