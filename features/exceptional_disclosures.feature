Feature: Exceptional disclosures, and what a person can learn about them
  A victim's or a witness's details never go to immigration enforcement in the ordinary course.
  The only exception is a disclosure on a basis from a fixed list, recorded beforehand for that
  very person: their informed consent, a judicial warrant or court order, or a safeguarding need
  signed off by a supervisor. A person can find out where their data went: their subject access
  response names immigration enforcement whenever it received their data, unless a restriction
  of that right has been recorded for them, and in New York they are told within three days.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-13 @needs-seed-case @needs-audit-log @needs-exceptional-disclosure
  Scenario: An exceptional disclosure to immigration enforcement needs a basis on record for that person
    When the victim's informed consent to a disclosure to immigration enforcement is recorded, signed off by a supervisor
    And an officer discloses the victim to immigration enforcement exceptionally, on that consent
    Then immigration enforcement receives the victim's details
    And the audit log records that disclosure with the consent record and who signed it off
    When a judicial warrant for a disclosure of the suspect to immigration enforcement is recorded
    And an officer discloses the suspect to immigration enforcement exceptionally, on that warrant
    Then immigration enforcement receives the suspect's details
    When an officer tries to disclose the witness to immigration enforcement exceptionally, on the victim's consent
    And an officer tries to disclose the witness to immigration enforcement exceptionally, on a record that does not exist
    And a safeguarding need of the witness is recorded by an officer, but no supervisor has signed it off
    And an officer tries to disclose the witness to immigration enforcement exceptionally, on that safeguarding need
    Then every exceptional disclosure without a fitting basis on record for that person is refused

  @FW-15 @needs-seed-case @needs-disclose @needs-exceptional-disclosure @needs-subject-access
  Scenario: A victim's subject access response names immigration enforcement after a disclosure to it
    When an officer discloses the victim to the prosecution service
    And the victim's informed consent to a disclosure to immigration enforcement is recorded, signed off by a supervisor
    And an officer discloses the victim to immigration enforcement exceptionally, on that consent
    And the victim makes a subject access request
    Then the response names the prosecution service
    And the response names immigration enforcement
    And where New York law applies, the victim is sent a notice naming immigration enforcement within three days
