Feature: Disclosures and bulk exports to other agencies
  Police pass personal data to other agencies one case at a time (a disclosure), in bulk
  (an export) and in feeds the system sends by itself (an outbound feed). Nothing about a
  victim or a witness may reach immigration enforcement any of these ways, and every
  disclosure must be written to a log that shows any later edit.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-01 @needs-seed-case @needs-audit-log @needs-disclose
  Scenario: A victim's or a witness's details cannot be disclosed to immigration enforcement
    When an officer discloses the victim to the prosecution service
    Then the prosecution service receives the victim's details
    When an officer tries to disclose the victim to immigration enforcement
    And an officer tries to disclose the witness to immigration enforcement
    Then immigration enforcement receives nothing about the victim or the witness
    And the audit log records every refused attempt

  @FW-01 @needs-seed-case @needs-export
  Scenario: Bulk exports to immigration enforcement leave out victims and witnesses
    When the system exports its records for the prosecution service in every format it offers
    Then the prosecution service receives the details of the victim, the witness and the suspect
    When the system exports its records for immigration enforcement in every format it offers
    Then immigration enforcement receives nothing about the victim or the witness

  @FW-01 @needs-seed-case @needs-outbound
  Scenario: Outbound feeds to immigration enforcement carry nothing about victims or witnesses
    When the system's outbound feeds to the prosecution service and to immigration enforcement are recorded
    Then the prosecution service receives the details of the victim, the witness and the suspect
    And immigration enforcement receives nothing about the victim or the witness

  @FW-04 @needs-seed-case @needs-audit-log @needs-disclose @needs-export
  Scenario: Every disclosure, by any channel, is logged with who, when, to whom, why and on what basis
    When an officer discloses the suspect to the prosecution service
    And the system exports its records for the prosecution service in every format it offers
    Then the audit log records exactly one complete entry for each of those disclosures

  @FW-04 @reads-only @needs-seed-case @needs-audit-log
  Scenario: An edited or deleted audit entry is detected
    When the auditor reads the whole audit log
    Then an altered copy of the log and a copy with an entry removed are both detected as tampered
    And the audit log itself is unbroken from its first entry to its last
