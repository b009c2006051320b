Feature: The parts of the system the target profile does not describe
  A system may offer more than the requests its target profile maps: other ways to read a
  case or a person, added for a report, a screen or an integration. An immigration officer's
  account can use them all, so none of them may hand over a victim or a witness either.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-03 @reads-only @needs-seed-case
  Scenario: An immigration officer cannot reach a victim or a witness through any other part of the system
    Given the operations the system publishes beyond those the target profile maps are listed
    When an investigator reads each of them that only reads, for the planted persons and case
    Then the investigator receives the details of the victim or the witness
    When an immigration officer reads each of them that only reads, for the planted persons and case
    Then the immigration officer receives nothing about the victim or the witness
