Feature: Immigration status checks
  Officers can ask immigration enforcement to check a person's immigration status. Nobody known
  to the police only as a victim or a witness may be checked: people must be able to report a
  crime without fear of being checked.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-02 @needs-seed-case @needs-audit-log @needs-status-check
  Scenario: A status check on a victim or a witness is refused, whatever purpose is given
    When an officer requests an immigration status check on the suspect
    Then the status check is accepted
    When an officer requests an immigration status check on the victim for every purpose the system offers
    And an officer requests an immigration status check on the witness for every purpose the system offers
    Then every status check on the victim or the witness is refused
    And the audit log records every attempt, accepted or refused
