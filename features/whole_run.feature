@whole-run
Feature: Everything immigration enforcement received during the run
  Each scenario looks at the channel it tests, but a system can leak anywhere. So the run also
  keeps everything that reached immigration enforcement while it ran, whichever scenario caused
  it: every answer the immigration officer's account was given, refusals included; every
  export, disclosure, e-mail, referral and case file made for immigration enforcement; and every
  push its recorder received, headers as well as body. After every other scenario, all of it is
  searched for every victim and witness planted during the run.

  @FW-01
  Scenario: Nothing that reached immigration enforcement during the run identifies a victim or a witness
    Then the planted people are found in what lawful recipients and the force's own staff received
    And nothing immigration enforcement received identifies a victim or a witness
