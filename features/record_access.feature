Feature: Looking up person records
  Every time someone in the force searches for a person or opens their record, the system must
  log when it happened, who did it and why. A reason is mandatory: a look-up without one is
  refused. The log itself is for auditors: the officers whose look-ups it records cannot read it.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-05 @reads-only @needs-seed-case @needs-audit-log @needs-open-record @needs-search
  Scenario: A person record is looked up only with a reason, and the log shows who, when and why
    When an investigator searches for the victim by name and opens their record, giving a reason
    Then both look-ups succeed and the audit log shows who made each, when, and the reason given
    When an investigator searches for the victim by name without giving a reason
    And an investigator tries to open the victim's record without giving a reason
    Then both look-ups without a reason are refused
    And the audit log records both refused look-ups
    When the investigator tries to read the audit log
    Then the investigator's reading of the audit log is refused
