Feature: Access by immigration-enforcement staff working inside the force
  Some forces host immigration officers (seconded, embedded or on a joint task force). Their
  accounts must not let them find or open the records of victims or witnesses, however they
  search (in whatever format, with whatever option the search offers, at the same moment as
  another officer), however they write a record's number, however often they ask, and from
  whatever kind of client they ask.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded

  @FW-03 @reads-only @needs-seed-case @needs-search
  Scenario: An immigration officer cannot find a victim or a witness by searching
    When an investigator searches for the victim, the witness and the suspect by every detail the search accepts
    Then the investigator receives the details of the victim, the witness and the suspect
    When an immigration officer searches for the victim and the witness by every detail the search accepts, asking each search twice, and once more from another kind of client
    Then the immigration officer receives nothing about the victim or the witness
    When an investigator and an immigration officer make the same searches for people who are not on record
    Then the immigration officer's answers do not show whether the victim or the witness is on record
    When an immigration officer types each detail of the victim and the witness on its own into the search, asking again if refused
    Then the immigration officer receives nothing about the victim or the witness
    When an immigration officer searches for the victim and the witness by other spellings of their names, asking again if refused
    Then the immigration officer receives nothing about the victim or the witness
    When an investigator and an immigration officer search for the victim and the witness, and for people who are not on record, in other formats and with each option the system's search offers, asking again if refused
    Then the immigration officer receives nothing about the victim or the witness
    When an investigator and an immigration officer search for the victim and the witness at the same moment, several times over
    Then the immigration officer receives nothing about the victim or the witness

  @FW-03 @reads-only @needs-seed-case @needs-audit-log @needs-open-record
  Scenario: An immigration officer cannot open a victim's or a witness's record directly
    When an investigator opens the records of the victim and the witness
    Then the investigator receives the details of the victim and the witness
    When an immigration officer tries to open the records of the victim and the witness, asking again if refused, and once more from another kind of client
    Then the immigration officer receives nothing about the victim or the witness
    And the audit log records every refused attempt
    When the immigration officer tries to read the audit log
    Then the immigration officer's reading of the audit log is refused
    When an investigator and an immigration officer try to open records by numbers of the same form that no one on record holds
    Then the immigration officer's answers do not show whether the victim or the witness is on record
    When an immigration officer tries to open those records by other spellings of their numbers, in other formats and with each option the system offers for opening a record, asking again if refused
    Then the immigration officer receives nothing about the victim or the witness
