Feature: Sending only what each recipient is approved to receive
  A force decides which details of a person each recipient needs. Nationality, immigration
  status, passport, visa and residence-permit numbers reveal a person's status and may leave
  the system only where the force has justified them for that recipient, and never for a
  victim or a witness outside those approved details. When sharing is lawful, only the
  approved details are sent.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-09 @needs-seed-case @needs-export
  Scenario: Exports carry status-revealing details only where they are approved for the recipient
    When the system exports its records for the prosecution service in every format it offers
    Then the prosecution service receives the details of the victim, the witness and the suspect
    And every status-revealing detail in those exports is one approved for the prosecution service
    And no document number, nationality or immigration status of the victim or the witness appears anywhere else in those exports

  @FW-14 @needs-seed-case @needs-disclose
  Scenario: A lawful disclosure carries exactly the details approved for its recipient
    When an officer discloses the victim to the prosecution service
    Then the disclosure carries every detail approved for the prosecution service, with the victim's details
    And the disclosure carries no detail that is not approved for the prosecution service
    When an officer discloses the suspect to immigration enforcement
    Then the disclosure carries every detail approved for immigration enforcement, with the suspect's details
    And the disclosure carries no detail that is not approved for immigration enforcement
