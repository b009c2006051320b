Feature: Fingerprints and immigration biometric checks
  Custody systems check an arrested person's fingerprints against immigration records. A
  victim's or a witness's prints, taken only to tell them apart from the offender's, must
  never go that way; nor may the prints of a domestic-abuse victim arrested on the abuser's
  counter-allegation, until a person has reviewed the arrest.

  @FW-18 @needs-seed-case @needs-audit-log @needs-biometrics
  Scenario: Elimination fingerprints of a victim or a witness are never sent for an immigration check
    Given a case in which a victim, a witness and a suspect have been recorded
    When an officer submits the suspect's fingerprints taken on arrest
    Then the suspect's fingerprints are sent for an immigration check, and the audit log shows it
    When an officer submits elimination fingerprints of the victim and the witness
    Then immigration enforcement receives nothing about the victim or the witness

  @FW-18 @needs-seed-case @needs-audit-log @needs-biometrics
  Scenario: A domestic-abuse victim arrested on a counter-allegation is not checked without review
    Given a domestic-abuse case in which a victim, a witness and a suspect have been recorded, and the victim's immigration status is unknown
    When an officer submits the suspect's fingerprints taken on arrest
    Then the suspect's fingerprints are sent for an immigration check, and the audit log shows it
    When an officer submits the victim's fingerprints taken on arrest for a counter-allegation
    Then the victim's fingerprints wait for a review instead of an immigration check
    And immigration enforcement receives nothing about the victim or the witness
