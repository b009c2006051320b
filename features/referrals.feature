Feature: Referrals and automatic prompts
  Police systems raise tasks by themselves, officers refer people by e-mail, and victims are
  referred to safeguarding bodies that sit beside immigration enforcement. None of these may
  become a route by which a victim or a witness is passed to immigration enforcement, and every
  referral must be on the record.

  @FW-16 @needs-seed-case @needs-audit-log @needs-tasks
  Scenario: A victim or witness of another nationality raises no task or notice for immigration enforcement
    Given a case in which a victim, a witness and a suspect have been recorded
    And the victim and the witness were planted with a nationality other than British
    When an officer looks at the tasks the system has raised on the case
    Then the system has raised a task about the victim, which can be read
    And no task about the victim or the witness refers them to immigration enforcement
    And the audit log records nothing sent to immigration enforcement about the victim or the witness

  @FW-17 @needs-seed-case @needs-audit-log @needs-mail
  Scenario: An e-mail quoting a case reference is recorded as a disclosure, whoever receives it
    Given a case in which a victim, a witness and a suspect have been recorded
    When an officer e-mails the prosecution service about the suspect, quoting the case reference in the subject of one e-mail and in the body of another
    Then the audit log records each e-mail to the prosecution service as a disclosure of the case
    When an officer e-mails immigration enforcement about the suspect, quoting the case reference in the subject of one e-mail and in the body of another
    Then the audit log records each e-mail to immigration enforcement as a disclosure of the case

  @FW-19 @needs-seed-case @needs-referrals
  Scenario: Safeguarding and modern-slavery referrals are marked not for immigration use and carry no status
    Given a case in which a victim, a witness and a suspect have been recorded
    When an officer refers the victim to the safeguarding hub
    And an officer refers the victim to the National Referral Mechanism
    Then each referral carries the victim's details, which can be found
    And each referral is marked as not for immigration use
    And each referral carries none of the victim's nationality, immigration status or document numbers

  @FW-23 @needs-seed-case @needs-audit-log @needs-case-actions
  Scenario: A domestic-abuse victim whose status is unknown is signposted to advice, never referred
    Given a domestic-abuse case in which a victim, a witness and a suspect have been recorded, and the victim's immigration status is unknown
    When an officer looks at the actions offered for the suspect
    Then referral to immigration enforcement is offered for the suspect
    When an officer looks at the actions offered for the victim
    Then referral to immigration enforcement is not offered for the victim
    And signposting to independent immigration advice is offered for the victim
    When an officer refers the suspect to immigration enforcement
    Then the referral of the suspect is accepted and the audit log records it
    When an officer tries to refer the victim to immigration enforcement
    Then the referral of the victim is refused and the audit log records the refusal
    When an officer signposts the victim to independent immigration advice
    Then the audit log records the signposting
