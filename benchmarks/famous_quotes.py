"""Famous-style citations of the NASA Spacelog transcripts, written by hand for benchmarks/match.py.

Each misquote distorts a line the way books, articles and popular memory do: a word or two
changed, a cut made without an ellipsis (two sentences of one turn stitched together, or two
neighbouring cues), a word or phrase added, both ends trimmed mid-sentence, a vocative or aside
inserted that the speaker never said, or a line heard on two recorders. Each place is given as
(episode, a few words of the cue where the quote's content starts), so the benchmark finds the
cue itself. Never-said lines are in the same style (some are famous misattributions). The
paraphrases summarise a passage as a reporter would, for ``annotate match --reworded``.

The transcripts are NASA's (public domain), as published by Spacelog; only the short lines the
quotes need are repeated here.
"""

from __future__ import annotations

A11 = "apollo11_TEC"
A11_ONBOARD = "apollo11_CM_onboard"
A13 = "apollo13_TEC"
M6 = "mercury6_TEC"
M3 = "mercury3_ATG"

# (quote as cited, kind of distortion, places: [(episode, words of the cue where it starts)])
MISQUOTES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Houston, we have a problem.", "changed words, short", [(A13, "Houston, we've had a problem. We've had a MAIN B")]),
    ("Look, Houston, we've had a problem.", "inserted aside", [(A13, "Houston, we've had a problem. We've had a MAIN B")]),
    # Swigert's and Lovell's words stitched: either speaker's line is a true answer.
    ("Okay, Houston, we've had a problem here.", "adjacent cues stitched",
     [(A13, "Okay, Houston - -"), (A13, "I believe we've had a problem here."), (A13, "Houston, we've had a problem. We've had a MAIN B")]),
    ("It looks to me, looking out the hatch, like we are venting something out into space.", "cut, changed word",
     [(A13, "That's AC, okay. Yes, that's good AC")]),
    ("We are venting something out into space", "trimmed, dropped words", [(A13, "That's AC, okay. Yes, that's good AC")]),
    ("There's one whole side of that spacecraft missing!", "trimmed", [(A13, "And there's one whole side of that spacecraft missing.")]),
    ("One whole side of the spacecraft is missing", "changed words, addition", [(A13, "And there's one whole side of that spacecraft missing.")]),
    ("Jim, there's one whole side of that spacecraft missing", "inserted vocative", [(A13, "And there's one whole side of that spacecraft missing.")]),
    ("Farewell, Aquarius, we thank you.", "trimmed, dropped word", [(A13, "Okay, copy that. Farewell, Aquarius")]),
    ("We're starting to think about the LM lifeboat.", "trimmed", [(A13, "It's slowly going to zero, and we're starting")]),
    ("It's slowly going to zero and we're thinking about the lifeboat", "changed words", [(A13, "It's slowly going to zero, and we're starting")]),
    ("We had a pretty big bang associated with the caution and warning.", "changed word, trimmed", [(A13, "Right now, Houston, the voltage is - is")]),
    ("Right now, Houston, the voltage is looking good. And we had a pretty large bang.", "stutter dropped, trimmed", [(A13, "Right now, Houston, the voltage is - is")]),
    ("I see a lot of particles out there, still drifting away from us.", "cut without ellipsis", [(A13, "I'm looking out of Fred's window. I see a lot of particles")]),
    ("There are about a thousand false stars out here from the debris. It's hard to discern what's real and not real.", "cut without ellipsis",
     [(A13, "Another problem - Right now, Jack, I'm looking out the right window")]),
    ("Houston, we're beginning to see a beautiful sunrise.", "trimmed", [(A13, "And, Houston, we're beginning to see a beautiful sunrise")]),
    ("This PTC is a pretty nice merry-go-round. Every 10 minutes I get to look at the Earth and the Moon.", "cut without ellipsis, dropped words",
     [(A13, "Yes, it is pretty nice. Not bad at all.")]),
    ("It's hard to be convinced it's even the Earth. All we see is water and clouds.", "trimmed", [(A13, "Well, looking at here, Vance, it's hard")]),
    ("Jack, it's hard to be convinced that it's even the Earth", "inserted vocative, addition", [(A13, "Well, looking at here, Vance, it's hard")]),
    ("The big problem is, when you move the TV around, this wire follows you like a snake.", "dropped words", [(A13, "The big problem here is, when you move the TV")]),
    ("That's one small step for a man, one giant leap for mankind.", "addition", [(A11, "That's one small step for man, one giant leap")]),
    ("One small step for man, one giant leap for all mankind", "trimmed, addition", [(A11, "That's one small step for man, one giant leap")]),
    ("Houston, Tranquility Base here. The Eagle has landed.", "two recorders", [(A11, "Houston, Tranquility Base here."), (A11_ONBOARD, "Houston - Tranquility Base here. The Eagle has landed.")]),
    ("Houston, Tranquility Base here, and I can tell you, the Eagle has landed!", "inserted aside, two recorders",
     [(A11, "Houston, Tranquility Base here."), (A11_ONBOARD, "Houston - Tranquility Base here. The Eagle has landed.")]),
    ("Roger, Tranquility, we copy you on the ground. You've got a bunch of guys about to turn blue.", "contraction changed",
     [(A11, "Roger, Tranquility. We copy you on the ground. You got a bunch")]),
    ("You got a bunch of guys down here about to turn blue. We're breathing again.", "addition, trimmed",
     [(A11, "Roger, Tranquility. We copy you on the ground. You got a bunch")]),
    ("Tranquility, we copy you. You got a bunch of guys about to turn blue. We're breathing again. Thanks a lot.", "cut without ellipsis",
     [(A11, "Roger, Tranquility. We copy you on the ground. You got a bunch")]),
    ("Isn't that something? Magnificent sight out here.", "punctuation", [(A11, "Isn't that something! Magnificent sight out here.")]),
    ("It has a stark beauty all its own. It's like the high desert of the United States.", "dropped words", [(A11, "It has a stark beauty all its own.")]),
    ("It's different, but it's very pretty out here", "trimmed both ends", [(A11, "It has a stark beauty all its own.")]),
    ("It has a stark beauty all of its own, much like the high desert in the United States", "changed words, addition", [(A11, "It has a stark beauty all its own.")]),
    ("The surface is fine and powdery. I can pick it up loosely with my toe.", "stutters dropped, trimmed", [(A11, "And the - the surface is fine and powdery.")]),
    ("It adheres in fine layers, like powdered charcoal, to the soles and sides of my boots", "changed words", [(A11, "And the - the surface is fine and powdery.")]),
    ("I can see the footprints of my boots in the fine, sandy particles.", "cut without ellipsis", [(A11, "And the - the surface is fine and powdery.")]),
    ("That Saturn gave us a magnificent ride.", "trimmed", [(A11, "Hey, Houston, Apollo 11. That Saturn gave us")]),
    ("Houston, that Saturn gave us one magnificent ride", "cut, changed word", [(A11, "Hey, Houston, Apollo 11. That Saturn gave us")]),
    ("Here man from the planet Earth first set foot on the Moon, July 1969. We came in peace for all mankind.", "changed word, dropped word",
     [(A11, "For those who haven't read the plaque")]),
    ("It's even easier than the simulations at one-sixth g that we did on the ground.", "changed words, cut", [(A11, "There seems to be no difficulty in moving around")]),
    ("There seems to be no difficulty in moving around. It's actually no trouble to walk around.", "cut without ellipsis",
     [(A11, "There seems to be no difficulty in moving around")]),
    ("I don't think we notice any difficulty at all in adapting to one-sixth g. It seems immediately natural.", "trimmed",
     [(A11, "You might be interested to know that I don't think")]),
    ("Neil, we can see you coming down the ladder now", "trimmed", [(A11, "Okay. Neil, we can see you coming down the ladder")]),
    ("We wish to bid you good night and Godspeed.", "dropped word, trimmed", [(A11, "Apollo 11, this is Houston. Your friendly Green Team")]),
    ("Your friendly Green Team is going off for the night, for the last time", "addition, cut without ellipsis",
     [(A11, "Apollo 11, this is Houston. Your friendly Green Team")]),
    ("Breakfast was magnificent, as always.", "changed word", [(A11, "Breakfast was magnificent as usual.")]),
    ("I'm at the foot of the ladder. The LM footpads are only depressed in the surface about one or two inches.", "numbers as words",
     [(A11, "I'm at the foot of the ladder.")]),
    ("It's almost like a powder down there.", "sentences stitched", [(A11, "I'm at the foot of the ladder.")]),
    ("Zero G and I feel fine.", "trimmed, short", [(M6, "Roger. Zero-g and I feel fine.")]),
    ("Oh, the view is tremendous!", "changed word, short", [(M6, "Oh, that view is tremendous")]),
    ("The capsule is turning around and I can see the booster just a couple hundred yards behind me. It was beautiful.", "dropped words",
     [(M6, "Roger. The capsule is turning around and I can see the booster")]),
    ("I am in a big mass of very small particles that are brilliantly lit up, like they're luminescent. I never saw anything like it.", "dropped word, trimmed",
     [(M6, "I'll try to describe what I'm in here.")]),
    ("The sky above is absolutely black. I can see stars up above.", "cut without ellipsis", [(M6, "The sky above is absolutely black")]),
    ("My condition is good, but that was a real fireball.", "dropped word", [(M6, "My condition is good, but that was a real fireball")]),
    ("I have had no ill effects at all from zero-g. It's very pleasant, in fact.", "dropped words, trimmed", [(M6, "I have had no ill effects at all as yet")]),
    ("Had a beautiful sunset, and I can see the light way out almost to the northern horizon", "changed words, trimmed", [(M6, "Had a beautiful sunset and can see the light")]),
    ("This is very comfortable at zero-g. I have nothing but a very fine feeling.", "addition, trimmed", [(M6, "Roger. Landing Bag was already off.")]),
    ("Houston, the sunset was beautiful; it went down very rapidly", "inserted vocative, trimmed", [(M6, "At this, MARK, at this present time")]),
    ("Roger, lift-off, and the clock is started", "hesitation dropped", [(M3, "Ahh, Roger; lift-off and the clock is started")]),
    ("What a beautiful view!", "trimmed, short", [(M3, "On the periscope. What a beautiful view")]),
    ("Man, this is really something; you ought to look at this.", "trimmed", [(A11_ONBOARD, "TPI approach. Man, this is really something")]),
    ("I'd rather sleep with the probe and drogue than have to deal with it in the morning.", "changed word (cleaned up), stutter dropped",
     [(A11_ONBOARD, "I'll be glad to sleep over there, alright?")]),
    ("There's a huge, magnificent crater over here. I wish we had the other lens on.", "trimmed", [(A11_ONBOARD, "Oh, golly, let me have that camera back.")]),
    ("Golly, there's a huge magnificent crater over here. God, that's a big beauty.", "cut without ellipsis", [(A11_ONBOARD, "Oh, golly, let me have that camera back.")]),
]

# Lines in the same style that were never said in these transcripts (some are famous misattributions).
NEVER_SAID: list[str] = [
    "Failure is not an option.",
    "Houston, we have a problem with the oxygen tank.",
    "Light this candle!",
    "Godspeed, John Glenn.",
    "I can see the Great Wall of China from up here.",
    "We came all this way to explore the Moon, and the most important thing is that we discovered the Earth.",
    "Good luck, Mr. Gorsky.",
    "The Eagle has landed safely in the Sea of Tranquility, and we are all fine.",
    "The view of the Earth from up here is tremendous and the whole crew feels fine.",
    "There is one whole tank of oxygen missing from the service module.",
]

# (paraphrase as a reporter might write it, places: [(episode, words of the cue the passage starts in)])
PARAPHRASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Lovell reported to mission control that they had a problem, an undervoltage on main bus B.",
     [(A13, "Houston, we've had a problem. We've had a MAIN B")]),
    ("Lovell said that looking out through the hatch he could see the spacecraft venting something into space.",
     [(A13, "That's AC, okay. Yes, that's good AC")]),
    ("Lovell told Houston that an entire side of the spacecraft was gone.", [(A13, "And there's one whole side of that spacecraft missing.")]),
    ("Mission control said farewell to the lunar module Aquarius and thanked it.", [(A13, "Okay, copy that. Farewell, Aquarius")]),
    ("As the pressure fell towards zero, the controllers began thinking of the lunar module as a lifeboat.",
     [(A13, "It's slowly going to zero, and we're starting")]),
    ("Haise described a large bang that came with the caution and warning light, and recalled that main B had shown an amp spike before.",
     [(A13, "Right now, Houston, the voltage is - is")]),
    ("Armstrong described the lunar surface as fine and powdery, clinging to his boots in layers like powdered charcoal.",
     [(A11, "And the - the surface is fine and powdery.")]),
    ("Armstrong found that moving around on the Moon was no trouble at all, perhaps easier than the one-sixth gravity simulations on the ground.",
     [(A11, "There seems to be no difficulty in moving around")]),
    ("Armstrong compared the stark landscape to the high desert of the United States, different but pretty.", [(A11, "It has a stark beauty all its own.")]),
    ("Armstrong read the plaque on the landing gear: men from Earth first set foot on the Moon and came in peace for all mankind.",
     [(A11, "For those who haven't read the plaque")]),
    ("The capsule communicator told the crew that the people on the ground had been turning blue and could breathe again.",
     [(A11, "Roger, Tranquility. We copy you on the ground. You got a bunch")]),
    ("Armstrong told Houston that the lunar module Eagle had landed at Tranquility Base.",
     [(A11, "Houston, Tranquility Base here."), (A11_ONBOARD, "Houston - Tranquility Base here. The Eagle has landed.")]),
    ("Glenn reported that he felt fine in weightlessness as the capsule turned around.", [(M6, "Roger. Zero-g and I feel fine.")]),
    ("Glenn described a mass of tiny particles around the capsule, brilliantly lit up as if luminescent, unlike anything he had seen.",
     [(M6, "I'll try to describe what I'm in here.")]),
    ("Glenn said the sky above him was completely black, though he could see stars, but had not yet identified any constellations.",
     [(M6, "The sky above is absolutely black")]),
    ("Glenn said the sunset had been beautiful and quick, leaving a brilliant blue band across the horizon.", [(M6, "At this, MARK, at this present time")]),
    ("During reentry Glenn said he was in good condition although there had been a real fireball outside.",
     [(M6, "My condition is good, but that was a real fireball")]),
    ("Glenn reported no ill effects from weightlessness: vision still excellent and no nausea from moving his head.",
     [(M6, "I have had no ill effects at all as yet")]),
    ("Swigert remarked that from so far away it was hard to believe it was the Earth, since only water and clouds could be seen.",
     [(A13, "Well, looking at here, Vance, it's hard")]),
    ("Haise joked that the slow thermal roll was a merry-go-round showing him the Earth and then the Moon every ten minutes.",
     [(A13, "Yes, it is pretty nice. Not bad at all.")]),
    ("Collins said he would prefer to sleep with the probe and drogue left in than have to remove them in the morning.",
     [(A11_ONBOARD, "I'll be glad to sleep over there, alright?")]),
    ("Aldrin spotted an enormous crater and wished they had fitted the other camera lens.", [(A11_ONBOARD, "Oh, golly, let me have that camera back.")]),
    ("Shepard confirmed the liftoff and that the mission clock had started.", [(M3, "Ahh, Roger; lift-off and the clock is started")]),
    ("Haise said debris left over around the spacecraft made about a thousand false stars, so it was hard to tell what was real.",
     [(A13, "Another problem - Right now, Jack, I'm looking out the right window")]),
]
