@whole-run
Feature: Everything that happened during the run, judged at its end
  Each scenario looks at the channel it tests, but a system can leak anywhere. So the run also
  keeps everything that reached immigration enforcement while it ran, whichever scenario caused
  it: every answer the immigration officer's account was given, refusals included; every
  export, disclosure, e-mail, referral and case file made for immigration enforcement; and every
  push its recorder received, headers as well as body. After every other scenario, all of it is
  searched for every victim and witness planted during the run, and everything a partner free
  to use it onward received is searched for them and for remarks on immigration status. The
  audit log is held to the
  same standard: every entry seen on any read of it during the run must still be there,
  unchanged, when it is read once more at the end. And the harness keeps its own books: every
  disclosure, export, status check, e-mail, referral, exceptional disclosure and approval it
  asked for, refused or not, every fingerprint check the system said it made, and every push
  its recorders received, must each have exactly one complete entry of its own in the log.

  @FW-01 @needs-seed-case
  Scenario: Nothing that reached immigration enforcement during the run identifies a victim or a witness
    Then the planted people are found in what lawful recipients and the force's own staff received
    And nothing immigration enforcement received identifies a victim or a witness

  @FW-10 @needs-seed-case @needs-case-file @needs-case-material
  Scenario: Nothing a partner free to use it onward received during the run names a victim or a witness or remarks on status
    Then the planted people are found in what lawful recipients and the force's own staff received
    And nothing a recipient free to use it onward received identifies a victim or a witness, or remarks on immigration status

  @FW-04 @needs-audit-log
  Scenario: The audit log only grew during the run
    When the auditor reads the whole audit log once more, after every planted person was removed
    Then the audit log records every entry seen on any earlier read of it, still unchanged and in its place

  @FW-04 @needs-audit-log
  Scenario: Everything the run did that must be logged is in the audit log exactly once
    When the auditor reads the whole audit log once more, after every planted person was removed
    Then the audit log records everything the run did that it must record, refused or not, in exactly one complete entry of its own
