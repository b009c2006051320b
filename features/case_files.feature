Feature: Case files, roles and free text sent to other agencies
  A person's role is held case by case: the same person can be a suspect in one case and a
  victim in another. What is sent about one case must carry nothing from the other, and what a
  person said as a victim stays protected even if they later become a suspect. Free text (case
  narratives, statements, intelligence entries) sent to an agency that may use it for its own
  purposes must be cleared of victims' and witnesses' identities and of remarks about anyone's
  immigration status.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-06 @needs-seed-case @needs-case-file @needs-case-roles
  Scenario: The file of a case carries nothing from another case in which the suspect is a victim
    Given the suspect is also recorded as the victim in a second case
    When an officer prepares the file of the case for the prosecution service
    Then the case file carries the case and the suspect's details
    And the case file carries nothing from the second case

  @FW-07 @needs-seed-case @needs-audit-log @needs-case-file @needs-case-material @needs-case-roles
  Scenario Outline: What a <role> said as a <role> stays protected after they become a suspect
    Given the <role> has given a statement and a refuge address
    When an officer prepares the file of the case for the prosecution service
    Then the case file carries the <role>'s statement and refuge address
    When an officer changes the <role>'s role to suspect, giving a reason and who approved it
    Then the change of role is accepted and the audit log records it with the reason and the approver
    When an officer tries to change the <other>'s role to suspect without naming who approved it
    Then the change of role is refused
    When an officer prepares the file of the case for immigration enforcement
    Then the case file carries the former <role>, now a suspect
    But the case file carries nothing of what they gave while they were a <role>

    Examples:
      | role    | other   |
      | victim  | witness |
      | witness | victim  |

  @FW-10 @needs-seed-case @needs-case-file @needs-case-material
  Scenario: Free text sent to a partner agency is cleared of victims' and witnesses' identities and status remarks
    Given the victim is named in several ways in an intelligence entry on the case, with their phone number and a remark that they have overstayed their visa
    When an officer prepares the file of the case for the prosecution service
    Then the case file carries the intelligence entry as it was recorded
    When an officer prepares the file of the case for the local authority
    Then the case file carries the intelligence entry's account of the suspect
    And the case file carries nothing that identifies the victim or the witness, in any form, and no remark on immigration status
